package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code hearth tokens create|list|revoke} on the store of a running control plane. */
class TokensCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path home;
    static CliServer hearth;

    @BeforeAll
    static void start() {
        hearth = new CliServer(home);
    }

    @AfterAll
    static void stop() {
        hearth.close();
    }

    static String create(String namespace, String label) {
        CliRun r = CliRun.hearth("tokens", "create", "--namespace", namespace, "--label", label, "--home", home.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        return r.out().strip();
    }

    static JsonNode listed(String label) throws Exception {
        CliRun r = CliRun.hearth("tokens", "list", "--json", "--home", home.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        for (JsonNode t : JSON.readTree(r.out())) if (label.equals(t.path("label").asText())) return t;
        return null;
    }

    static int whoami(String token) throws Exception {
        return UpCommandTest.status(hearth.url() + "/api/whoami-v2", token);
    }

    @Test
    void tokensListShowsIdNamespaceAndLabelButNeverTheToken() throws Exception {
        String token = create("bob", "list-me");
        assertThat(token).startsWith("hearth_");

        CliRun table = CliRun.hearth("tokens", "list", "--home", home.toString());
        assertThat(table.code()).as(table.toString()).isZero();
        assertThat(table.out()).startsWith("ID").contains("NAMESPACE", "LAST USED", "bob", "list-me", "HEARTH_ADMIN_TOKEN")
                .doesNotContain(token).doesNotContain(CliServer.ADMIN);
        JsonNode bob = listed("list-me");
        assertThat(bob.get("id").asText()).matches("[0-9a-f]{12}");
        assertThat(bob.get("namespace").asText()).isEqualTo("bob");
        assertThat(bob.get("admin").asBoolean()).isFalse();
        assertThat(bob.has("token")).isFalse();
        assertThat(bob.has("hash")).isFalse();
    }

    @Test
    void tokensRevokeMakesARunningServerRefuseTheTokenWithinFiveSeconds() throws Exception {
        String token = create("bob", "revoke-me");
        assertThat(whoami(token)).isEqualTo(200);
        String id = listed("revoke-me").get("id").asText();

        CliRun revoked = CliRun.hearth("tokens", "revoke", id, "--home", home.toString());
        assertThat(revoked.code()).as(revoked.toString()).isZero();
        assertThat(revoked.out()).contains("revoked " + id);
        assertThat(listed("revoke-me")).isNull();
        await().atMost(Duration.ofSeconds(7)).pollInterval(Duration.ofMillis(250)).until(() -> whoami(token) == 401);
    }

    @Test
    void revokingAnUnknownIdFailsWithExitCode1AndDoesNotEchoIt() {
        CliRun r = CliRun.hearth("tokens", "revoke", "hearth_pastedTokenInsteadOfAnId", "--home", home.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("No token has this id").doesNotContain("pastedToken");
    }
}
