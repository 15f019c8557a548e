package dev.hearth.server.it;

import dev.hearth.server.HearthServer;
import dev.hearth.server.auth.Tokens;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.TokenRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code model.image.custom} runs a shell command on the host: only administrators may configure one, and only on a
 * server started with the opt-in. Two servers: one that allows custom commands (its environment holds the admin
 * token, as when it came from {@code HEARTH_ADMIN_TOKEN}), one that does not.
 */
class CustomCommandsTest {

    @TempDir static Path allowingHome;
    @TempDir static Path refusingHome;
    static HearthServer allowing;
    static HearthServer refusing;
    static ControlPlane.Client admin;
    static ControlPlane.Client adminWithoutOptIn;
    static ControlPlane.Client alice;
    static ControlPlane.Client aliceWithoutOptIn;
    static Path model;

    @BeforeAll
    static void startServers() {
        model = ControlPlane.model(allowingHome);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HEARTH_ADMIN_TOKEN", ControlPlane.ADMIN);
        allowing = HearthServer.start(ControlPlane.options(allowingHome, 0).withEnvironment(env));
        refusing = HearthServer.start(ControlPlane.options(refusingHome, 0).withAllowCustomCommands(false));
        admin = ControlPlane.client(allowing);
        adminWithoutOptIn = ControlPlane.client(refusing);
        alice = admin.as(namespaceToken(allowingHome));
        aliceWithoutOptIn = adminWithoutOptIn.as(namespaceToken(refusingHome));
    }

    static String namespaceToken(Path home) {
        return new Tokens(new TokenRepository(Store.open(home.resolve("hearth.db")))).create("alice", false, "test");
    }

    @AfterAll
    static void stopServers() {
        for (ControlPlane.Client api : new ControlPlane.Client[]{admin, adminWithoutOptIn}) {
            api.get("/v2/endpoint/alice").json().path("items")
                    .forEach(e -> api.delete("/v2/endpoint/alice/" + e.get("name").asText()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ControlPlane.replicaProcesses("alice.").isEmpty());
        allowing.close();
        refusing.close();
    }

    static String customImage(String name, String command) {
        return FailuresAndUpdatesTest.customImage(name, command);
    }

    @Test
    void anAdministratorMayCreateOneWhereTheServerAllowsThemAndItsCommandSeesNoneOfTheServersSecrets() {
        ControlPlane.Response r = admin.post("/v2/endpoint/alice", customImage("shell", "env; echo END-OF-ENV; exec sleep 60"));

        assertThat(r.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/v2/endpoint/alice/shell/logs").body().contains("END-OF-ENV"));
        String logs = admin.get("/v2/endpoint/alice/shell/logs").body();
        assertThat(logs).contains("GREETING=hi", "MODEL_ID=my-org/crashy").doesNotContain("HEARTH_ADMIN_TOKEN")
                .doesNotContain("=" + ControlPlane.ADMIN);
    }

    @Test
    void aNamespaceTokenMayNotCreateOneEvenWhereTheServerAllowsThem() {
        ControlPlane.Response r = alice.post("/v2/endpoint/alice", customImage("mine", "exec sleep 60"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("error").asText()).contains("administrator token", "namespace \"alice\"")
                .doesNotContain("--allow-custom-commands");
        assertThat(admin.get("/v2/endpoint/alice/mine").status()).isEqualTo(404);
    }

    @Test
    void anAdministratorMayNotCreateOneWhereTheServerWasStartedWithoutTheOptIn() {
        ControlPlane.Response r = adminWithoutOptIn.post("/v2/endpoint/alice", customImage("off", "exec sleep 60"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("error").asText()).contains("--allow-custom-commands", "HEARTH_ALLOW_CUSTOM_COMMANDS=true")
                .doesNotContain("administrator token");
        assertThat(adminWithoutOptIn.get("/v2/endpoint/alice/off").status()).isEqualTo(404);
    }

    @Test
    void aNamespaceTokenOnAServerWithoutTheOptInIsToldBothWhatItAndTheServerLack() {
        ControlPlane.Response r = aliceWithoutOptIn.post("/v2/endpoint/alice", customImage("both", "exec sleep 60"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("error").asText()).contains("--allow-custom-commands", "administrator token");
    }

    @Test
    void aNamespaceTokenMayNotChangeTheModelOfAnAdministratorsCustomCommandButMayScaleIt() {
        assertThat(admin.post("/v2/endpoint/alice", customImage("admins", "exec sleep 60")).status()).isEqualTo(202);

        ControlPlane.Response env = alice.put("/v2/endpoint/alice/admins", "{\"model\":{\"env\":{\"GREETING\":\"$(id)\"}}}");
        ControlPlane.Response url = alice.put("/v2/endpoint/alice/admins",
                "{\"model\":{\"image\":{\"custom\":{\"url\":\"cat /etc/passwd\",\"healthRoute\":\"/health\"}}}}");
        ControlPlane.Response scale = alice.put("/v2/endpoint/alice/admins",
                "{\"compute\":{\"scaling\":{\"minReplica\":0,\"maxReplica\":2}}}");

        assertThat(env.status()).isEqualTo(403);
        assertThat(url.status()).isEqualTo(403);
        assertThat(env.json().get("error").asText()).contains("administrator token");
        assertThat(scale.status()).isEqualTo(200);
        assertThat(admin.get("/v2/endpoint/alice/admins").json().path("model").path("image").path("custom").path("url").asText())
                .isEqualTo("exec sleep 60");
    }

    @Test
    void noTokenMayUpdateAnEndpointToACustomCommandWithoutWhatItLacks() {
        assertThat(adminWithoutOptIn.post("/v2/endpoint/alice", ControlPlane.createBody("builtin", model, 0, 1, "public"))
                .status()).isEqualTo(202);

        ControlPlane.Response r = adminWithoutOptIn.put("/v2/endpoint/alice/builtin",
                "{\"model\":{\"image\":{\"custom\":{\"url\":\"exec sleep 60\",\"healthRoute\":\"/health\"}}}}");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("error").asText()).contains("--allow-custom-commands");
        assertThat(adminWithoutOptIn.get("/v2/endpoint/alice/builtin").json().path("model").path("image").has("custom")).isFalse();
    }
}
