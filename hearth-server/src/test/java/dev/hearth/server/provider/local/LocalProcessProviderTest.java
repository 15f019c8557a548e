package dev.hearth.server.provider.local;

import dev.hearth.server.provider.Replica;
import dev.hearth.server.provider.ReplicaHealth;
import dev.hearth.server.provider.ReplicaRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.hearth.server.provider.local.ProviderFixture.ENDPOINT;
import static dev.hearth.server.provider.local.ProviderFixture.commandLaunch;
import static dev.hearth.server.provider.local.ProviderFixture.workerLaunch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LocalProcessProviderTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path logsDir;
    private ProviderFixture fixture;
    private LocalProcessProvider provider;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        fixture = new ProviderFixture(logsDir);
        provider = fixture.provider();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
        http.close();
    }

    @Test
    void aStartedReplicaGoesFromStartingToReadyAndItsAddressAnswers() throws Exception {
        Replica replica = provider.start(workerLaunch("alice.my-endpoint.r1", Map.of("READY_DELAY_MS", "500")));

        assertThat(replica.health()).isEqualTo(ReplicaHealth.STARTING);
        assertThat(replica.readyAt()).isEmpty();
        await().atMost(WAIT).until(() -> replica.health() == ReplicaHealth.READY);

        assertThat(replica.readyAt()).isPresent();
        assertThat(replica.address().toString()).startsWith("http://127.0.0.1:");
        assertThat(get(replica.address().resolve("/")).body()).isEqualTo("hello from alice.my-endpoint.r1");
        await().atMost(WAIT).until(() -> fixture.healthEvents(replica).contains(ReplicaHealth.READY));
        assertThat(fixture.healthEvents(replica)).doesNotContain(ReplicaHealth.UNHEALTHY, ReplicaHealth.EXITED);
    }

    @Test
    void theRecordIsSavedBeforeStartReturnsAndTheCommandGetsThePort() {
        LocalReplica replica = (LocalReplica) provider.start(workerLaunch("alice.my-endpoint.r1", Map.of()));

        ReplicaRecord record = fixture.records.get(replica.replicaId()).orElseThrow();
        assertThat(record.pid()).isEqualTo(replica.pid().orElseThrow());
        assertThat(record.port()).isEqualTo(replica.address().getPort());
        assertThat(record.healthRoute()).isEqualTo("/health");
        assertThat(record.endpoint()).isEqualTo(ENDPOINT);
        assertThat(record.logFile())
                .isEqualTo(logsDir.resolve("alice").resolve("my-endpoint").resolve("alice.my-endpoint.r1.log"));
        // The recorded pid is the worker itself, not a setsid wrapper (which execs it in place, a moment later).
        await().atMost(WAIT).until(() -> ProcessLabels.carriesReplica(record.pid(), "alice.my-endpoint.r1")
                && ProcessHandle.of(record.pid()).flatMap(p -> p.info().command()).orElse("").endsWith("/java"));
        await().atMost(WAIT).until(() -> replica.logTail(10).contains("args=--port=" + record.port()));
    }

    @Test
    void theLogHoldsStdoutAndStderrAndLogTailGivesTheLastLines() {
        Replica replica = provider.start(workerLaunch("alice.my-endpoint.r1", Map.of()));
        await().atMost(WAIT).until(() -> replica.health() == ReplicaHealth.READY);

        assertThat(replica.logTail(2)).isEqualTo("two (stderr)\nthree (stdout)\n");
        assertThat(replica.logTail(100)).startsWith("one (stdout)").contains("two (stderr)");
    }

    @Test
    void aCrashingReplicaBecomesExitedWithItsExitCode() {
        Replica replica = provider.start(workerLaunch("alice.my-endpoint.r1",
                Map.of("CRASH_AFTER_MS", "300", "CRASH_CODE", "7")));

        await().atMost(WAIT).until(() -> replica.health() == ReplicaHealth.EXITED);

        assertThat(replica.exitCode()).contains(7);
        assertThat(replica.logTail(1)).isEqualTo("crashing with 7\n");
        assertThat(fixture.records.all()).isEmpty();
        await().atMost(WAIT).until(() -> fixture.healthEvents(replica).contains(ReplicaHealth.EXITED));
    }

    @ParameterizedTest(name = "in a new session: {0}")
    @ValueSource(booleans = {true, false})
    void aCommandThatCannotRunEndsExitedWith127AndSaysWhyInItsLog(boolean newSession) {
        LocalProcessProvider.Settings s = ProviderFixture.SETTINGS;
        LocalProcessProvider provider = fixture.provider(new LocalProcessProvider.Settings(s.startingPollInterval(),
                s.readyPollInterval(), s.unhealthyAfter(), s.stopGrace(), s.host(), s.httpTimeout(), newSession));
        Replica replica = provider.start(commandLaunch("alice.my-endpoint.r1", List.of("/nonexistent/worker")));

        await().atMost(WAIT).until(() -> replica.health() == ReplicaHealth.EXITED);

        assertThat(replica.exitCode()).contains(127);
        assertThat(replica.logTail(5)).contains("/nonexistent/worker");
        await().atMost(WAIT).until(() -> fixture.healthEvents(replica).contains(ReplicaHealth.EXITED));
    }

    @Test
    void stopTerminatesTheReplicaWithinTheGraceAndRemovesTheRecord_andIsIdempotent() {
        LocalReplica replica = (LocalReplica) provider.start(workerLaunch("alice.my-endpoint.r1", Map.of()));
        await().atMost(WAIT).until(() -> replica.health() == ReplicaHealth.READY);
        ProcessHandle process = replica.handle().orElseThrow();

        long began = System.nanoTime();
        provider.stop(replica);
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertThat(took).isLessThan(ProviderFixture.SETTINGS.stopGrace());
        assertThat(ProcessStopper.gone(process)).isTrue(); // ended (maybe not yet reaped)
        assertThat(replica.health()).isEqualTo(ReplicaHealth.EXITED);
        assertThat(replica.exitCode()).contains(143); // 128 + SIGTERM: the JVM exited on the polite signal
        assertThat(fixture.records.all()).isEmpty();
        assertThat(fixture.healthEvents(replica)).endsWith(ReplicaHealth.EXITED);

        provider.stop(replica);
        assertThat(fixture.healthEvents(replica)).containsOnlyOnce(ReplicaHealth.EXITED);
    }

    @Test
    void stopKillsAReplicaThatIgnoresSigtermOnceTheGraceHasPassed() {
        LocalProcessProvider impatient =
                fixture.provider(ProviderFixture.SETTINGS.withStopGrace(Duration.ofMillis(500)));
        LocalReplica replica = (LocalReplica) impatient.start(commandLaunch("alice.my-endpoint.r1",
                List.of("sh", "-c", "trap '' TERM; echo trapped; exec sleep 30")));
        ProcessHandle process = replica.handle().orElseThrow();
        await().atMost(WAIT).until(() -> replica.logTail(1).equals("trapped\n")); // SIGTERM is ignored from now on

        long began = System.nanoTime();
        impatient.stop(replica);
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertThat(took).isBetween(Duration.ofMillis(500), Duration.ofSeconds(4));
        assertThat(ProcessStopper.gone(process)).isTrue();
        assertThat(replica.exitCode()).contains(137); // 128 + SIGKILL
    }

    @Test
    void stopAlsoKillsTheWorkersChildren() {
        Replica replica = provider.start(workerLaunch("alice.my-endpoint.r1", Map.of("SPAWN_CHILD", "1")));
        await().atMost(WAIT).until(() -> childPid(replica) > 0);
        ProcessHandle child = ProcessHandle.of(childPid(replica)).orElseThrow();

        provider.stop(replica);

        await().atMost(Duration.ofSeconds(2)).until(() -> ProcessStopper.gone(child));
    }

    @Test
    void aReadyReplicaThatStopsAnsweringBecomesUnhealthyAndRecovers() throws Exception {
        Replica replica = provider.start(workerLaunch("alice.my-endpoint.r1", Map.of()));
        await().atMost(WAIT).until(() -> replica.health() == ReplicaHealth.READY);

        get(replica.address().resolve("/sick"));
        await().atMost(WAIT).until(() -> replica.health() == ReplicaHealth.UNHEALTHY);
        get(replica.address().resolve("/well"));
        await().atMost(WAIT).until(() -> replica.health() == ReplicaHealth.READY);

        await().atMost(WAIT).until(() -> fixture.healthEvents(replica).equals(
                List.of(ReplicaHealth.READY, ReplicaHealth.UNHEALTHY, ReplicaHealth.READY)));
    }

    @Test
    void aThrowingListenerDoesNotStopTheWatcher() {
        LocalProcessProvider provider = fixture.provider(ProviderFixture.SETTINGS, replica -> {
            throw new IllegalStateException("listener bug");
        }, ProviderFixture.SERVER_ENV);
        try {
            Replica replica = provider.start(workerLaunch("alice.my-endpoint.r1",
                    Map.of("CRASH_AFTER_MS", "1500", "CRASH_CODE", "5")));
            await().atMost(WAIT).until(() -> replica.health() == ReplicaHealth.READY);
            await().atMost(WAIT).until(() -> replica.health() == ReplicaHealth.EXITED);
            assertThat(replica.exitCode()).contains(5);
        } finally {
            provider.close();
        }
    }

    @Test
    void aListenerMayStopTheReplicaFromTheWatcherThreadAndItStillGetsItsGrace() {
        AtomicReference<LocalProcessProvider> self = new AtomicReference<>();
        LocalProcessProvider provider = fixture.provider(ProviderFixture.SETTINGS, replica -> {
            if (replica.health() == ReplicaHealth.READY) {
                self.get().stop(replica);
            }
        }, ProviderFixture.SERVER_ENV);
        self.set(provider);
        try {
            Replica replica = provider.start(workerLaunch("alice.my-endpoint.r1", Map.of()));
            await().atMost(WAIT).until(() -> replica.health() == ReplicaHealth.EXITED);
            assertThat(replica.exitCode()).contains(143); // SIGTERM honoured, not SIGKILL after a cut-short grace
        } finally {
            provider.close();
        }
    }

    @Test
    void namesThatWouldLeaveTheLogsFolderAreRefused() {
        assertThatThrownBy(() -> provider.start(workerLaunch("../escape", Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(fixture.records.all()).isEmpty();
    }

    @Test
    void closeLeavesTheProcessRunning() {
        LocalReplica replica = (LocalReplica) provider.start(workerLaunch("alice.my-endpoint.r1", Map.of()));
        await().atMost(WAIT).until(() -> replica.health() == ReplicaHealth.READY);

        provider.close();

        assertThat(replica.handle().orElseThrow().isAlive()).isTrue();
        assertThat(fixture.records.all()).hasSize(1);
        assertThatThrownBy(() -> provider.start(workerLaunch("alice.my-endpoint.r2", Map.of())))
                .isInstanceOf(IllegalStateException.class);
    }

    private static long childPid(Replica replica) {
        Matcher m = Pattern.compile("child (\\d+)").matcher(replica.logTail(20));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
