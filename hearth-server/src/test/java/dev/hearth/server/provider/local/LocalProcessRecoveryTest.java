package dev.hearth.server.provider.local;

import dev.hearth.server.provider.Replica;
import dev.hearth.server.provider.ReplicaHealth;
import dev.hearth.server.provider.ReplicaRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.hearth.server.provider.local.ProviderFixture.ENDPOINT;
import static dev.hearth.server.provider.local.ProviderFixture.workerLaunch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A control-plane restart is simulated by closing one provider and recovering with a new one on the same records. */
class LocalProcessRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

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
    void recoverAdoptsAReplicaThatKeptRunningWhileTheControlPlaneWasDown() {
        LocalProcessProvider before = fixture.provider();
        LocalReplica original = (LocalReplica) before.start(workerLaunch("alice.my-endpoint.r1", Map.of()));
        await().atMost(WAIT).until(() -> original.health() == ReplicaHealth.READY);
        before.close();

        LocalProcessProvider after = fixture.provider();
        List<Replica> adopted = after.recover();

        assertThat(adopted).hasSize(1);
        LocalReplica replica = (LocalReplica) adopted.getFirst();
        assertThat(replica.replicaId()).isEqualTo("alice.my-endpoint.r1");
        assertThat(replica.endpoint()).isEqualTo(ENDPOINT);
        assertThat(replica.incarnation()).as("adopted for the incarnation it was launched for")
                .isEqualTo(ProviderFixture.INCARNATION);
        assertThat(replica.address()).isEqualTo(original.address());
        assertThat(replica.pid()).isEqualTo(original.pid());
        assertThat(replica.logFile()).isEqualTo(original.logFile());
        assertThat(replica.startedAt()).isEqualTo(original.startedAt());
        await().atMost(WAIT).until(() -> replica.health() == ReplicaHealth.READY);
        assertThat(replica.logTail(1)).isEqualTo("three (stdout)\n");

        after.stop(replica);

        assertThat(ProcessStopper.gone(original.handle().orElseThrow())).isTrue();
        assertThat(replica.health()).isEqualTo(ReplicaHealth.EXITED);
        assertThat(replica.exitCode()).isEmpty(); // not our child: its exit code is unknown
        assertThat(fixture.records.all()).isEmpty();
    }

    @Test
    void anAdoptedReplicaIsReachedWithTheKeyItWasStartedWithWhichTheRestartDerivesAgain() {
        LocalProcessProvider before = fixture.provider();
        LocalReplica original = (LocalReplica) before.start(workerLaunch("alice.my-endpoint.r1", Map.of()));
        await().atMost(WAIT).until(() -> original.health() == ReplicaHealth.READY);
        String key = original.apiKey().orElseThrow();
        before.close();

        Replica adopted = fixture.provider().recover().getFirst(); // a new provider, reading the secret file afresh

        assertThat(adopted.apiKey()).contains(key);
        if (ProcessLabels.supported()) {
            assertThat(ProcessLabels.environment(original.pid().orElseThrow()).orElseThrow()).containsEntry("API_KEY", key);
        }
        assertThat(fixture.records.all().getFirst().toString()).doesNotContain(key); // derived, never stored
    }

    @Test
    void anAdoptedReplicaThatDiesIsSeenAsExited() {
        LocalProcessProvider before = fixture.provider();
        LocalReplica original = (LocalReplica) before.start(workerLaunch("alice.my-endpoint.r1", Map.of()));
        await().atMost(WAIT).until(() -> original.health() == ReplicaHealth.READY);
        before.close();
        LocalProcessProvider after = fixture.provider();
        Replica replica = after.recover().getFirst();
        await().atMost(WAIT).until(() -> replica.health() == ReplicaHealth.READY);

        original.handle().orElseThrow().destroyForcibly();

        await().atMost(WAIT).until(() -> replica.health() == ReplicaHealth.EXITED);
        assertThat(fixture.records.all()).isEmpty();
        await().atMost(WAIT).until(() -> fixture.healthEvents(replica).contains(ReplicaHealth.EXITED));
    }

    @Test
    void recoverForgetsARecordWhoseProcessIsGone() throws Exception {
        Process gone = fixture.spawn(Map.of(), "true");
        gone.waitFor();
        fixture.records.save(record("alice.my-endpoint.r1", gone.pid()));

        List<Replica> adopted = fixture.provider().recover();

        assertThat(adopted).isEmpty();
        assertThat(fixture.records.all()).isEmpty();
    }

    @Test
    void recoverStopsALabelledProcessThatHasNoRecord() throws Exception {
        Process orphan = fixture.spawn(Map.of(
                ProcessLabels.REPLICA_ID, "alice.my-endpoint.r9",
                ProcessLabels.INSTALLATION, fixture.installation()), "sleep", "30");
        Process otherInstallation = fixture.spawn(Map.of(
                ProcessLabels.REPLICA_ID, "alice.my-endpoint.r9",
                ProcessLabels.INSTALLATION, "/somewhere/else"), "sleep", "30");

        List<Replica> adopted = fixture.provider().recover();

        assertThat(adopted).isEmpty();
        await().atMost(WAIT).until(() -> !orphan.isAlive());
        assertThat(otherInstallation.isAlive()).isTrue(); // another Hearth's worker is none of our business
    }

    @Test
    void aRecordWhosePidNowBelongsToAnotherProcessIsNotAdoptedAndThatProcessIsLeftAlone() throws Exception {
        Process stranger = fixture.spawn(Map.of(), "sleep", "30");
        fixture.records.save(record("alice.my-endpoint.r1", stranger.pid()));

        List<Replica> adopted = fixture.provider().recover();

        assertThat(adopted).isEmpty();
        assertThat(fixture.records.all()).isEmpty();
        Thread.sleep(200);
        assertThat(stranger.isAlive()).isTrue();
    }

    private ReplicaRecord record(String replicaId, long pid) {
        return new ReplicaRecord(replicaId, ENDPOINT, ProviderFixture.INCARNATION, 1, pid, 1, "/health",
                logsDir.resolve(replicaId + ".log"), Instant.now());
    }
}
