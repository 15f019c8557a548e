package dev.hearth.server.provider.local;

import dev.hearth.server.provider.Replica;
import dev.hearth.server.provider.ReplicaHealth;
import dev.hearth.server.provider.ReplicaLaunch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.hearth.server.provider.local.ProviderFixture.ENDPOINT;
import static dev.hearth.server.provider.local.ProviderFixture.workerLaunch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** What a replica's process gets from the control plane: an allow-listed environment and a key of its own. */
class ReplicaIsolationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Variables the shell adds to what it was given; not the launcher's doing. */
    private static final Set<String> SHELL_OWN = Set.of("PWD", "OLDPWD", "SHLVL", "_");

    @TempDir
    Path logsDir;
    private ProviderFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ProviderFixture(logsDir);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aReplicaGetsTheAllowedPartOfTheServersEnvironmentItsEndpointsOwnAndTheLaunchersVariablesAndNothingElse()
            throws IOException {
        Map<String, String> server = Map.ofEntries(
                Map.entry("PATH", System.getenv("PATH")), Map.entry("HOME", "/home/hearth-test"),
                Map.entry("LANG", "C.UTF-8"), Map.entry("LC_ALL", "C.UTF-8"), Map.entry("TZ", "UTC"),
                Map.entry("HF_HOME", "/srv/hf"), Map.entry("HF_HUB_OFFLINE", "1"), Map.entry("HEARTH_HOME", "/srv/hearth"),
                Map.entry("HEARTH_ADMIN_TOKEN", "secret"), Map.entry("AWS_SECRET_ACCESS_KEY", "cloud-secret"),
                Map.entry("HEARTH_ALLOW_CUSTOM_COMMANDS", "true"),
                Map.entry("JAVA_TOOL_OPTIONS", "-Dserver.option=1"), Map.entry("LD_LIBRARY_PATH", "/srv/lib"));
        LocalProcessProvider provider = fixture.provider(server);
        ReplicaLaunch launch = new ReplicaLaunch(ENDPOINT, ProviderFixture.INCARNATION, "alice.my-endpoint.r1", 1,
                List.of("/bin/sh", "-c", "env; echo END-OF-ENV; exec sleep 60"),
                Map.of("FROM_SPEC", "yes", "HF_TOKEN", "hf_from_secrets", "PORT", "1", "HEARTH_REPLICA_ID", "forged"),
                "/health");

        Replica replica = provider.start(launch);
        await().atMost(WAIT).until(() -> Files.readString(replica.logFile()).contains("END-OF-ENV"));

        String log = Files.readString(replica.logFile());
        Map<String, String> env = parse(log);
        assertThat(log).doesNotContain("HEARTH_ADMIN_TOKEN", "AWS_SECRET_ACCESS_KEY", "cloud-secret",
                "HEARTH_ALLOW_CUSTOM_COMMANDS", "JAVA_TOOL_OPTIONS", "LD_LIBRARY_PATH");
        assertThat(env.values()).doesNotContain("secret");
        env.keySet().removeAll(SHELL_OWN);
        assertThat(env.keySet()).containsExactlyInAnyOrder("PATH", "HOME", "LANG", "LC_ALL", "TZ", "HF_HOME",
                "HF_HUB_OFFLINE", "HEARTH_HOME", "FROM_SPEC", "HF_TOKEN", "PORT", "API_KEY", "HEARTH_REPLICA_ID",
                "HEARTH_INSTALLATION");
        assertThat(env).containsEntry("HOME", "/home/hearth-test").containsEntry("FROM_SPEC", "yes")
                .containsEntry("HF_TOKEN", "hf_from_secrets") // the endpoint's own secret wins over the server's
                .containsEntry("PORT", Integer.toString(replica.address().getPort())) // a launch cannot forge these
                .containsEntry("HEARTH_REPLICA_ID", "alice.my-endpoint.r1")
                .containsEntry("API_KEY", replica.apiKey().orElseThrow());
    }

    @Test
    void eachReplicaGetsItsOwnKeyInItsEnvironmentAndNeverOnItsCommandLine() {
        assumeThat(ProcessLabels.supported()).as("reads /proc/<pid>/environ").isTrue();
        LocalProcessProvider provider = fixture.provider();
        LocalReplica one = (LocalReplica) provider.start(workerLaunch("alice.my-endpoint.r1", Map.of()));
        LocalReplica two = (LocalReplica) provider.start(workerLaunch("alice.my-endpoint.r2", Map.of()));
        await().atMost(WAIT).until(() -> one.health() == ReplicaHealth.READY && two.health() == ReplicaHealth.READY);

        for (LocalReplica replica : List.of(one, two)) {
            long pid = replica.pid().orElseThrow();
            String key = replica.apiKey().orElseThrow();
            assertThat(key).hasSizeGreaterThanOrEqualTo(43); // 256 bits, base64url
            assertThat(ProcessLabels.environment(pid).orElseThrow()).containsEntry("API_KEY", key);
            assertThat(ProcessHandle.of(pid).orElseThrow().info().commandLine().orElse("")).doesNotContain(key);
        }
        assertThat(one.apiKey()).isNotEqualTo(two.apiKey());
    }

    private static Map<String, String> parse(String envOutput) {
        Map<String, String> env = new HashMap<>();
        for (String line : envOutput.lines().toList()) {
            if (line.equals("END-OF-ENV")) break;
            int eq = line.indexOf('=');
            if (eq > 0) env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }
}
