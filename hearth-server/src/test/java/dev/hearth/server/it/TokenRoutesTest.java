package dev.hearth.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /v2/tokens}: administrators list, create and revoke tokens; a revoked token is refused at once. */
class TokenRoutesTest extends ControlPlaneTest {

    static final String GENERATE = "/endpoints/alice/tok-ep/generate";
    static final String ONE_TOKEN = "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":1}}";

    @BeforeAll
    static void createAPrivateEndpoint() {
        api.post("/v2/endpoint/alice", ControlPlane.createBody("tok-ep", model, 1, 1, "private"));
        EndpointLifecycleTestSupport.waitUntilRunning(api, "tok-ep");
    }

    static JsonNode create(String namespace, String label) {
        ControlPlane.Response r = api.post("/v2/tokens", "{\"namespace\":\"" + namespace + "\",\"label\":\"" + label + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    static List<String> listedIds() {
        List<String> ids = new ArrayList<>();
        api.get("/v2/tokens").json().path("items").forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }

    @Test
    void theListShowsCreatedTokensButNeverATokenOrItsHash() throws Exception {
        JsonNode created = create("bob", "ci runner");
        String token = created.get("token").asText();
        assertThat(token).startsWith("hearth_").hasSize(47);
        assertThat(created.get("id").asText()).matches("[0-9a-f]{12}");

        ControlPlane.Response list = api.get("/v2/tokens");
        assertThat(list.status()).isEqualTo(200);
        JsonNode mine = null;
        for (JsonNode t : list.json().path("items")) if (t.get("id").asText().equals(created.get("id").asText())) mine = t;
        assertThat(mine).isNotNull();
        assertThat(mine.get("namespace").asText()).isEqualTo("bob");
        assertThat(mine.get("admin").asBoolean()).isFalse();
        assertThat(mine.get("label").asText()).isEqualTo("ci runner");
        assertThat(mine.get("createdAt").asText()).isNotBlank();
        assertThat(mine.has("token")).isFalse();
        assertThat(list.body()).doesNotContain(token).doesNotContain(StartOverExistingHomeTest.sha256(token))
                .doesNotContain(StartOverExistingHomeTest.sha256(ControlPlane.ADMIN)).doesNotContain(ControlPlane.ADMIN);
        assertThat(list.json().path("items")).anyMatch(t -> t.get("fromEnv").asBoolean() && t.get("admin").asBoolean());
    }

    @Test
    void aUsedTokenShowsWhenItWasLastUsed() {
        JsonNode created = create("bob", "used");
        assertThat(api.as(created.get("token").asText()).get("/v2/endpoint/bob").status()).isEqualTo(200);
        JsonNode mine = null;
        for (JsonNode t : api.get("/v2/tokens").json().path("items")) if (t.get("id").asText().equals(created.get("id").asText())) mine = t;
        assertThat(mine.get("lastUsedAt").asText()).isNotBlank();
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceByTheControlApiAndTheGateway() {
        JsonNode created = create("alice", "to revoke");
        ControlPlane.Client alice = api.as(created.get("token").asText());
        assertThat(alice.get("/v2/endpoint/alice").status()).isEqualTo(200); // both now cached as valid
        assertThat(alice.post(GENERATE, ONE_TOKEN).status()).isEqualTo(200);

        ControlPlane.Response revoked = api.delete("/v2/tokens/" + created.get("id").asText());
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("id").asText()).isEqualTo(created.get("id").asText());

        assertThat(alice.get("/v2/endpoint/alice").status()).isEqualTo(401);
        assertThat(alice.post(GENERATE, ONE_TOKEN).status()).isEqualTo(401);
        assertThat(listedIds()).doesNotContain(created.get("id").asText());
        ControlPlane.Response again = api.delete("/v2/tokens/" + created.get("id").asText());
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("error").asText()).isNotBlank();
    }

    @Test
    void aNamespaceTokenIsForbiddenTheTokenRoutes() {
        JsonNode created = create("alice", "not an admin");
        ControlPlane.Client alice = api.as(created.get("token").asText());
        for (ControlPlane.Response r : List.of(alice.get("/v2/tokens"),
                alice.post("/v2/tokens", "{\"namespace\":\"alice\",\"admin\":true}"),
                alice.delete("/v2/tokens/" + created.get("id").asText()))) {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json().get("error").asText()).contains("administrator");
        }
        assertThat(api.as(null).get("/v2/tokens").status()).isEqualTo(401);
        assertThat(api.as("hearth_wrong").delete("/v2/tokens/" + created.get("id").asText()).status()).isEqualTo(401);
        assertThat(listedIds()).as("the forbidden revoke did nothing").contains(created.get("id").asText());
    }

    @Test
    void aCreatedTokenGrantsItsNamespaceAndAnAdminTokenEveryNamespace() {
        ControlPlane.Client carol = api.as(create("carol", "c").get("token").asText());
        assertThat(carol.get("/api/whoami-v2").json().get("name").asText()).isEqualTo("carol");
        assertThat(carol.get("/v2/endpoint/alice").status()).isEqualTo(403);
        ControlPlane.Response admin = api.post("/v2/tokens", "{\"namespace\":\"ops\",\"admin\":true}");
        assertThat(admin.status()).isEqualTo(201);
        assertThat(api.as(admin.json().get("token").asText()).get("/v2/tokens").status()).isEqualTo(200);
    }

    @Test
    void badCreateRequestsAre400() {
        for (String body : new String[]{"", "[1]", "{\"namespace\":\"../etc\"}", "{}", "{\"namespace\":\"a\",\"admin\":\"yes\"}",
                "{\"namespace\":\"a\",\"label\":\"" + "x".repeat(201) + "\"}", "{\"namespace\":\"a\",\"label\":\"a\\nb\"}"}) {
            ControlPlane.Response r = api.post("/v2/tokens", body.isEmpty() ? null : body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().get("error").asText()).as(body).isNotBlank();
        }
    }

    @Test
    void revokingWithSomethingThatIsNotAnIdIs404WithoutEchoingIt() {
        String pasted = "hearth_ThisLooksLikeATokenPastedWhereAnIdGoes1234";
        ControlPlane.Response r = api.delete("/v2/tokens/" + pasted);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).doesNotContain(pasted);
        assertThat(r.raw().headers().firstValue("X-Error-Message").orElse("")).doesNotContain(pasted);
    }
}
