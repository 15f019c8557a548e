package dev.hearth.server.it;

import dev.hearth.server.store.SecretBox;
import dev.hearth.server.store.SecretsAtRestTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The home a server writes is private to its user, and an endpoint's secrets are sealed in its database yet reach
 * its replicas as environment variables.
 */
class PrivateHomeAndSecretsTest extends ControlPlaneTest {

    static final String SECRET = "hearth-test-secret-" + UUID.randomUUID();

    @BeforeAll
    static void createAnEndpointWithASecret() {
        String body = ControlPlane.createBody("secret-ep", model, 1, 1, "private")
                .replace("\"image\":{\"huggingface\":{}}", "\"image\":{\"huggingface\":{}},\"secrets\":{\"MY_SECRET\":\"" + SECRET + "\"}");
        assertThat(api.post("/v2/endpoint/alice", body).status()).isEqualTo(202);
        EndpointLifecycleTestSupport.waitUntilRunning(api, "secret-ep");
    }

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theDatabaseFilesTheServerWroteHoldNoSecretInClear() throws Exception {
        assertThat(SecretsAtRestTest.databaseBytes(home)).contains("MY_SECRET").doesNotContain(SECRET);
        assertThat(api.get("/v2/endpoint/alice/secret-ep").body()).doesNotContain(SECRET);
    }

    @Test
    void theReplicaGetsItsSecretAsAnEnvironmentVariable() throws Exception {
        List<ProcessHandle> replicas = ControlPlane.replicaProcesses("alice.secret-ep.");
        assertThat(replicas).hasSize(1);
        String environ = Files.readString(Path.of("/proc", Long.toString(replicas.getFirst().pid()), "environ"));
        assertThat(environ.split("\0")).contains("MY_SECRET=" + SECRET);
    }

    @Test
    void theHomeIs0700AndTheDatabaseKeyAndReplicaLogs0600() throws Exception {
        assertThat(mode(home)).isEqualTo("rwx------");
        assertThat(mode(home.resolve("hearth.db"))).isEqualTo("rw-------");
        assertThat(mode(home.resolve(SecretBox.KEY_FILE))).isEqualTo("rw-------");
        for (String sibling : new String[]{"-wal", "-shm"}) {
            Path f = home.resolve("hearth.db" + sibling);
            if (Files.exists(f)) assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
        }
        try (Stream<Path> logs = Files.walk(home.resolve("logs"))) {
            List<Path> all = logs.toList();
            assertThat(all).anyMatch(p -> p.toString().endsWith(".log"));
            for (Path p : all) assertThat(mode(p)).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
        }
    }
}
