package dev.hearth.server.it;

import dev.hearth.server.HearthServer;
import dev.hearth.server.auth.Tokens;
import dev.hearth.server.store.EndpointRepository;
import dev.hearth.server.store.SecretBox;
import dev.hearth.server.store.SecretsAtRestTest;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.TokenRepository;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a start does to a home an earlier start (or version) left: HEARTH_ADMIN_TOKEN's earlier values are retired,
 * other tokens stay, and files left readable by others are narrowed.
 */
class StartOverExistingHomeTest {

    /** Starts a server on {@code home} with {@code adminToken}, runs {@code body} with its base URL, stops it. */
    static <T> T withServer(Path home, Optional<String> adminToken, Function<HearthServer, T> body) {
        try (HearthServer server = HearthServer.start(ControlPlane.options(home, 0).withAdminToken(adminToken))) {
            return body.apply(server);
        }
    }

    static int whoami(HearthServer server, String token) {
        return new ControlPlane.Client("http://127.0.0.1:" + server.port(), token).get("/api/whoami-v2").status();
    }

    @Test
    void restartingWithAnotherAdminTokenRetiresThePreviousOneAndKeepsCreatedTokens(@TempDir Path home) {
        String bob = withServer(home, Optional.of("first-admin-token"), s -> {
            assertThat(whoami(s, "first-admin-token")).isEqualTo(200);
            return new Tokens(new TokenRepository(Store.open(home.resolve("hearth.db")))).create("bob", false, "ci");
        });
        withServer(home, Optional.of("second-admin-token"), s -> {
            assertThat(whoami(s, "first-admin-token")).as("the previous HEARTH_ADMIN_TOKEN").isEqualTo(401);
            assertThat(whoami(s, "second-admin-token")).isEqualTo(200);
            assertThat(whoami(s, bob)).as("a created token is not the environment's").isEqualTo(200);
            assertThat(s.newAdminToken()).isEmpty();
            return null;
        });
        withServer(home, Optional.of("second-admin-token"), s -> {
            assertThat(whoami(s, "second-admin-token")).as("the same value again").isEqualTo(200);
            return null;
        });
    }

    @Test
    void restartingWithoutAnAdminTokenRetiresTheEnvironmentsAndPrintsANewOne(@TempDir Path home) {
        withServer(home, Optional.of("env-admin-token"), s -> whoami(s, "env-admin-token"));
        withServer(home, Optional.empty(), s -> {
            assertThat(whoami(s, "env-admin-token")).isEqualTo(401);
            assertThat(s.newAdminToken()).as("no administrator was left, so one is created").isPresent();
            assertThat(whoami(s, s.newAdminToken().get())).isEqualTo(200);
            return null;
        });
    }

    @Test
    void theFirstStartsGeneratedTokenOutlivesEnvironmentTokens(@TempDir Path home) {
        String generated = withServer(home, Optional.empty(), s -> s.newAdminToken().orElseThrow());
        withServer(home, Optional.of("env-one"), s -> {
            assertThat(whoami(s, generated)).isEqualTo(200);
            return null;
        });
        withServer(home, Optional.of("env-two"), s -> {
            assertThat(whoami(s, "env-one")).isEqualTo(401);
            assertThat(whoami(s, generated)).isEqualTo(200);
            return null;
        });
        withServer(home, Optional.empty(), s -> {
            assertThat(whoami(s, "env-two")).isEqualTo(401);
            assertThat(whoami(s, generated)).isEqualTo(200);
            assertThat(s.newAdminToken()).as("an administrator is left").isEmpty();
            return null;
        });
    }

    @Test
    void anAdminTokenRegisteredByAVersionBeforeTokenIdsIsRetiredToo(@TempDir Path home) throws Exception {
        Files.createDirectories(home);
        SQLiteDataSource v1 = new SQLiteDataSource();
        v1.setUrl("jdbc:sqlite:" + home.resolve("hearth.db"));
        Flyway.configure().dataSource(v1).locations("classpath:db/migration").target("1").load().migrate();
        try (var c = v1.getConnection(); var insert = c.prepareStatement(
                "INSERT INTO tokens (hash, namespace, admin, label, created_at) VALUES (?, 'alice', 1, 'HEARTH_ADMIN_TOKEN', ?)")) {
            insert.setString(1, sha256("old-admin-token"));
            insert.setString(2, Instant.now().toString());
            insert.executeUpdate();
        }
        withServer(home, Optional.of("new-admin-token"), s -> {
            assertThat(whoami(s, "old-admin-token")).isEqualTo(401);
            assertThat(whoami(s, "new-admin-token")).isEqualTo(200);
            return null;
        });
    }

    @Test
    void aStartNarrowsAHomeAndDatabaseThatOthersCouldRead(@TempDir Path home) throws Exception {
        withServer(home, Optional.of("admin"), s -> null);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home.resolve("hearth.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Path oldLog = Files.createDirectories(home.resolve("logs").resolve("alice").resolve("old")).resolve("r1.log");
        Files.writeString(oldLog, "a replica's output\n");
        Files.setPosixFilePermissions(oldLog, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(oldLog.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));

        withServer(home, Optional.of("admin"), s -> null);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("hearth.db")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(oldLog))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(oldLog.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void aStartWithAKeyThatCannotOpenTheStoredSecretsFailsSayingSo(@TempDir Path home) throws Exception {
        Files.createDirectories(home);
        Store store = Store.open(home.resolve("hearth.db"));
        new EndpointRepository(store, SecretBox.forHome(home, Optional.empty()))
                .insert(SecretsAtRestTest.endpoint(Map.of("HF_TOKEN", "hf_sealed_under_the_home_key")));
        String otherKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        Path keyFile = home.resolve(SecretBox.KEY_FILE), aside = home.resolve("secrets.key.aside");
        Files.move(keyFile, aside); // the key that sealed them is gone: only the other one is given

        assertThatThrownBy(() -> HearthServer.start(ControlPlane.options(home, 0).withSecretsKey(Optional.of(otherKey))))
                .isInstanceOf(SecretBox.Unreadable.class).hasMessageContaining("key")
                .hasMessageNotContaining("hf_sealed_under_the_home_key");
        Files.move(aside, keyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        withServer(home, Optional.of("admin"), s -> null); // the home's own key still opens them
    }

    @Test
    void aKeyFromTheEnvironmentTakesOverFromTheKeyFileAndTheStartReSealsUnderIt(@TempDir Path home) throws Exception {
        Files.createDirectories(home);
        Store store = Store.open(home.resolve("hearth.db"));
        new EndpointRepository(store, SecretBox.forHome(home, Optional.empty()))
                .insert(SecretsAtRestTest.endpoint(Map.of("HF_TOKEN", "hf_moved_to_the_env_key")));
        byte[] envKey = new byte[32];
        envKey[0] = 9;
        String env = java.util.Base64.getEncoder().encodeToString(envKey);

        try (HearthServer server = HearthServer.start(ControlPlane.options(home, 0).withSecretsKey(Optional.of(env)))) {
            assertThat(server.port()).isPositive();
        }
        String id = SecretBox.of(envKey).currentKeyId();
        assertThat(SecretsAtRestTest.rawSpec(store)).contains("\"HF_TOKEN\":\"enc:v2:" + id + ":");
        assertThat(new EndpointRepository(store, SecretBox.of(envKey)).find(SecretsAtRestTest.ID).orElseThrow()
                .spec().model().secrets()).containsEntry("HF_TOKEN", "hf_moved_to_the_env_key");
    }

    static String sha256(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
