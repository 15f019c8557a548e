package dev.hearth.server.gateway;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static dev.hearth.server.gateway.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

class GatewayAuthTest {

    private static GatewayFixture gw;
    private static TestBackend backend;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture();
        backend = TestBackend.echo("r1");
        for (String type : new String[]{"public", "protected", "authenticated", "private"}) {
            gw.table.set(new EndpointId("acme", type), type, EndpointState.RUNNING, backend.backend());
        }
    }

    @AfterAll
    static void stop() {
        gw.close();
        backend.close();
    }

    @ParameterizedTest(name = "{0} endpoint, {1} token: {2}")
    @CsvSource({
            "public,        none,  200", "public,        wrong, 200", "public,        other, 200",
            "public,        right, 200", "public,        admin, 200",
            "protected,     none,  401", "protected,     wrong, 401", "protected,     other, 403",
            "protected,     right, 200", "protected,     admin, 200",
            "authenticated, none,  401", "authenticated, wrong, 401", "authenticated, other, 200",
            "authenticated, right, 200", "authenticated, admin, 200",
            "private,       none,  401", "private,       wrong, 401", "private,       other, 403",
            "private,       right, 200", "private,       admin, 200",
    })
    void theEndpointTypeDecidesWhoMayCall(String type, String caller, int expected) {
        HttpRequest.Builder request = gw.request("/endpoints/acme/" + type + "/generate")
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        switch (caller) {
            case "wrong" -> request.header("Authorization", "Bearer hf_not_a_token");
            case "other" -> request.header("Authorization", "Bearer " + GatewayFixture.OTHER);
            case "right" -> request.header("Authorization", "Bearer " + GatewayFixture.ACME);
            case "admin" -> request.header("Authorization", "Bearer " + GatewayFixture.ADMIN);
            default -> { }
        }
        HttpResponse<String> r = gw.send(request);

        assertThat(r.statusCode()).isEqualTo(expected);
        if (expected != 200) {
            assertThat(json(r).get("error").asText()).isNotBlank();
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        }
        if (expected == 401) assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }
}
