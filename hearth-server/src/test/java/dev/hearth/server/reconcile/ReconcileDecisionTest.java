package dev.hearth.server.reconcile;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.endpoint.Desired;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.endpoint.EndpointState;
import dev.hearth.server.provider.ReplicaHealth;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.hearth.server.endpoint.EndpointState.FAILED;
import static dev.hearth.server.endpoint.EndpointState.INITIALIZING;
import static dev.hearth.server.endpoint.EndpointState.PAUSED;
import static dev.hearth.server.endpoint.EndpointState.PENDING;
import static dev.hearth.server.endpoint.EndpointState.RUNNING;
import static dev.hearth.server.endpoint.EndpointState.SCALED_TO_ZERO;
import static dev.hearth.server.endpoint.EndpointState.UPDATE_FAILED;
import static dev.hearth.server.endpoint.EndpointState.UPDATING;
import static dev.hearth.server.provider.ReplicaHealth.READY;
import static dev.hearth.server.provider.ReplicaHealth.STARTING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciler's decision as a table: each row is an endpoint as stored, what was observed, and what must be done.
 * Crash limit 3 within a minute; scale-down after 60 s of lower load; a scale-to-zero "minute" of one second.
 */
class ReconcileDecisionTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    /** The incarnation of the endpoint row, and of the replicas listed, unless said. */
    static final String INCARNATION = "00c0ffee00c0ffee";
    static final Decider DECIDER = new Decider(
            new Autoscaler(new Autoscaler.Settings(1.0, Duration.ofSeconds(60), Duration.ofSeconds(1), 15)), 3,
            Duration.ofMinutes(1));

    // ---- the table -------------------------------------------------------------------------------------------------

    static Stream<Row> table() {
        Crash crashV1 = crash(1, 10, "r9", "exit code 3", "loading\nmodel weights are corrupt");
        Crash crashV2 = crash(2, 10, "r9", "exit code 7", "broken build");
        return Stream.of(
                // 1. Stops: paused, scaled to zero, failed.
                row("a paused endpoint stops its running replica and reads paused",
                        endpoint().desired(Desired.PAUSED), observed().replica("r1", 1, READY),
                        expect(PAUSED, "Endpoint is paused").stops("r1:NOT_WANTED").replicas(0, 0)),
                row("a scaled-to-zero endpoint stops its replica and says the next request wakes it",
                        endpoint().desired(Desired.SCALED_TO_ZERO), observed().replica("r1", 1, READY),
                        expect(SCALED_TO_ZERO, "next request wakes it").stops("r1:NOT_WANTED").replicas(0, 0)),
                row("a failed endpoint runs nothing and keeps the message that failed it",
                        endpoint().state(FAILED, "Endpoint failed to start: boom"), observed().replica("r1", 1, STARTING),
                        expect(FAILED, "Endpoint failed to start: boom").stops("r1:NOT_WANTED").replicas(0, 0)),

                // 2. Crash limit and rollback.
                row("a first deployment that crashed as often as the limit fails with the worker's own words",
                        endpoint(), observed().replica("r1", 1, STARTING).crashes(crashV1, crashV1, crashV1),
                        expect(FAILED, "Endpoint failed to start: the replica kept crashing (exit code 3): loading | model weights are corrupt")
                                .stops("r1:CRASH_LIMIT").replicas(0, 0).forgetsCrashes()),
                row("an update that crashed as often as the limit is marked failed and the previous version serves on",
                        endpoint().version(2).serving(1), observed().replica("old", 1, READY).replica("new", 2, STARTING)
                                .crashes(crashV2, crashV2, crashV2),
                        expect(UPDATE_FAILED, "Update failed: the new replica kept crashing (exit code 7): broken build")
                                .stops("new:CRASH_LIMIT").serving("old").replicas(1, 1).failedVersion(2).forgetsCrashes()),
                row("after a failed update the previous spec is the one restarted, and the state stays updateFailed",
                        endpoint().version(2).serving(1).failed(2).state(UPDATE_FAILED, "Update failed: it crashed"),
                        observed(),
                        expect(UPDATE_FAILED, "Update failed: it crashed").starts("v1#0").replicas(0, 1)),
                row("crashes older than the crash window no longer count towards the limit",
                        endpoint(), observed().crashes(crash(1, 120, "r7", "exit code 3", "x"), crash(1, 90, "r8", "exit code 3", "x"), crashV1),
                        expect(INITIALIZING, "Replica crashed (exit code 3), restarting: model weights are corrupt").starts("v1#0").replicas(0, 1)),
                row("during the crash back-off no replica is started and the message says why it restarts",
                        endpoint(), observed().crashes(crashV1).backoffUntil(NOW.plusSeconds(1)).started(1),
                        expect(INITIALIZING, "Replica crashed (exit code 3), restarting").replicas(0, 1)),

                // 3. Scale to zero.
                row("with min 0, an endpoint idle past its timeout scales to zero and stops its replicas",
                        endpoint().scaling(0, 1, 2), observed().replica("r1", 1, READY).activeSince(NOW.minusSeconds(60)).lastActivity(NOW.minusSeconds(3)),
                        expect(SCALED_TO_ZERO, "scaled to zero after being idle").stops("r1:IDLE").toZero()),
                row("with min 0, a request in flight keeps an idle endpoint running",
                        endpoint().scaling(0, 1, 2), observed().replica("r1", 1, READY).activeSince(NOW.minusSeconds(60)).inFlight(1),
                        expect(RUNNING, "Endpoint is ready").serving("r1").replicas(1, 1).servingVersion(1)),
                row("a replica still loading its model is not idle time: the idle clock restarts",
                        endpoint().scaling(0, 1, 2), observed().replica("r1", 1, STARTING).activeSince(NOW.minusSeconds(60)).started(1),
                        expect(INITIALIZING, "Starting replica").replicas(0, 1).activeSinceNow()),
                row("when the store refuses the switch to zero, the endpoint is reconciled as active",
                        endpoint().scaling(0, 1, 2), observed().replica("r1", 1, READY).activeSince(NOW.minusSeconds(60)).vetoed(),
                        expect(RUNNING, "Endpoint is ready").serving("r1").replicas(1, 1).servingVersion(1)),

                // 3b. A scaling schedule's floor in place of minReplica (the floor itself: ScalingScheduleTest).
                row("an open scaling window keeps an idle min-0 endpoint running past its timeout",
                        endpoint().scaling(0, 1, 2), observed().replica("r1", 1, READY).activeSince(NOW.minusSeconds(60))
                                .lastActivity(NOW.minusSeconds(30)).scheduledFloor(1),
                        expect(RUNNING, "Endpoint is ready").serving("r1").replicas(1, 1).servingVersion(1)),
                row("a closed scaling window lets an idle endpoint scale to zero although its spec says min 1",
                        endpoint().scaling(1, 1, 2), observed().replica("r1", 1, READY).activeSince(NOW.minusSeconds(60))
                                .lastActivity(NOW.minusSeconds(3)).scheduledFloor(0),
                        expect(SCALED_TO_ZERO, "scaled to zero after being idle").stops("r1:IDLE").toZero()),
                row("a scaling window's floor of two starts a second replica without load",
                        endpoint().scaling(0, 3, null), observed().replica("r1", 1, READY).started(1).scheduledFloor(2),
                        expect(RUNNING, "Endpoint is ready").starts("v1#1").serving("r1").replicas(1, 2).servingVersion(1)),
                row("a scaling window's floor above maxReplica is bounded by it",
                        endpoint().scaling(0, 2, null), observed().replica("r1", 1, READY).started(1).scheduledFloor(5),
                        expect(RUNNING, "Endpoint is ready").starts("v1#1").serving("r1").replicas(1, 2).servingVersion(1)),
                row("a paused endpoint stays paused whatever its scaling window says",
                        endpoint().desired(Desired.PAUSED), observed().replica("r1", 1, READY).scheduledFloor(1),
                        expect(PAUSED, "Endpoint is paused").stops("r1:NOT_WANTED").replicas(0, 0)),

                // 4. Rolling update and scaling.
                row("a new spec starts a replica of the new version while the old one serves",
                        endpoint().version(2).serving(1).state(RUNNING, "Endpoint is ready"), observed().replica("old", 1, READY).started(1),
                        expect(UPDATING, "Endpoint waiting for the update").starts("v2#0").serving("old").replicas(1, 1)),
                row("while the new version starts the old replica is kept",
                        endpoint().version(2).serving(1), observed().replica("old", 1, READY).replica("new", 2, STARTING).started(2),
                        expect(UPDATING, "Endpoint waiting for the update").serving("old").replicas(1, 1)),
                row("once the new version is ready the old replica stops and the new spec is the one serving",
                        endpoint().version(2).serving(1), observed().replica("old", 1, READY).replica("new", 2, READY).started(2),
                        expect(RUNNING, "Endpoint is ready").stops("old:REPLACED").serving("new").replicas(1, 1).servingVersion(2)),
                row("an old replica that is not ready goes before a ready one",
                        endpoint().version(2).serving(1).scaling(2, 2, null),
                        observed().replica("oldA", 1, READY).replica("oldB", 1, STARTING).replica("new", 2, READY).target(2).started(3),
                        expect(UPDATING, "waiting for the update").starts("v2#1").stops("oldB:REPLACED").serving("oldA", "new").replicas(2, 2)),
                row("load above one replica's share starts replicas up to maxReplica",
                        endpoint().scaling(1, 2, null), observed().replica("r1", 1, READY).inFlight(5).started(1),
                        expect(RUNNING, "Endpoint is ready").starts("v1#1").serving("r1").replicas(1, 2).servingVersion(1)),
                row("a lower load keeps the replicas until the stabilisation window has passed",
                        endpoint().scaling(1, 2, null), observed().replica("r1", 1, READY).replica("r2", 1, READY).target(2).started(2),
                        expect(RUNNING, "Endpoint is ready").serving("r1", "r2").replicas(2, 2).servingVersion(1)),
                row("after the stabilisation window the youngest ready replica beyond the target stops",
                        endpoint().scaling(1, 2, null), observed().replica("r1", 1, READY).replica("r2", 1, READY).target(2).started(2)
                                .lowering(new Autoscaler.Lowering(1, NOW.minusSeconds(61))),
                        expect(RUNNING, "Endpoint is ready").stops("r2:SCALE_DOWN").serving("r1").replicas(1, 1).servingVersion(1)),
                row("scaling down stops a replica still starting before a ready one",
                        endpoint().scaling(1, 3, null), observed().replica("r1", 1, READY).replica("r2", 1, READY).replica("r3", 1, STARTING)
                                .target(3).inFlight(2).started(3).lowering(new Autoscaler.Lowering(2, NOW.minusSeconds(61))),
                        expect(RUNNING, "Endpoint is ready").stops("r3:SCALE_DOWN").serving("r1", "r2").replicas(2, 2).servingVersion(1)),
                row("scaling down to one from two ready and one starting keeps a ready replica serving",
                        endpoint().scaling(1, 3, null), observed().replica("r1", 1, READY).replica("r2", 1, READY).replica("r3", 1, STARTING)
                                .target(3).started(3).lowering(new Autoscaler.Lowering(1, NOW.minusSeconds(61))),
                        expect(RUNNING, "Endpoint is ready").stops("r2:SCALE_DOWN", "r3:SCALE_DOWN").serving("r1").replicas(1, 1).servingVersion(1)),
                row("scaling down with nothing ready yet keeps the oldest starting replicas",
                        endpoint().scaling(1, 3, null), observed().replica("r1", 1, STARTING).replica("r2", 1, STARTING)
                                .target(2).started(2).activeSince(NOW.minusSeconds(60)).lowering(new Autoscaler.Lowering(1, NOW.minusSeconds(61))),
                        expect(INITIALIZING, "Starting replica").stops("r2:SCALE_DOWN").replicas(0, 1)),

                // 5. Incarnations: a name deleted and re-created is another endpoint, its versions start again at 1.
                row("a replica of another incarnation is stopped, even of the same version, and a new one is started",
                        endpoint(), observed().replicaOfDeleted("ghost", 1, READY).started(1),
                        expect(INITIALIZING, "Starting replica").stops("ghost:OTHER_INCARNATION").starts("v1#0").replicas(0, 1)),
                row("a replica of another incarnation never serves nor counts while this one's replica serves",
                        endpoint().serving(1), observed().replicaOfDeleted("ghost", 1, READY).replica("r1", 1, READY).started(1),
                        expect(RUNNING, "Endpoint is ready").stops("ghost:OTHER_INCARNATION").serving("r1").replicas(1, 1)
                                .servingVersion(1)),
                row("a paused endpoint stops another incarnation's replica as that, not as unwanted",
                        endpoint().desired(Desired.PAUSED), observed().replicaOfDeleted("ghost", 1, READY).replica("r1", 1, READY),
                        expect(PAUSED, "Endpoint is paused").stops("ghost:OTHER_INCARNATION", "r1:NOT_WANTED").replicas(0, 0)),
                row("an old replica of neither the serving nor the desired version goes before one of the serving version",
                        endpoint().version(3).serving(1),
                        observed().replica("v1", 1, READY).replica("v2", 2, READY).replica("v3", 3, READY).started(3),
                        expect(RUNNING, "Endpoint is ready").stops("v2:REPLACED", "v1:REPLACED").serving("v3").replicas(1, 1)
                                .servingVersion(3)),
                row("while the current version starts, the serving version's replica is the old one kept",
                        endpoint().version(3).serving(1),
                        observed().replica("v1", 1, READY).replica("v2", 2, READY).replica("v3", 3, STARTING).started(3),
                        expect(UPDATING, "waiting for the update").stops("v2:REPLACED").serving("v1").replicas(1, 1)),

                // 6. Status.
                row("a new endpoint starts its first replica and reads initializing",
                        endpoint(), observed(),
                        expect(INITIALIZING, "Starting replica: loading the model").starts("v1#0").replicas(0, 1)),
                row("an initializing endpoint shows the replica's download progress",
                        endpoint(), observed().replica("r1", 1, STARTING, "downloading model.safetensors 40%").started(1),
                        expect(INITIALIZING, "Starting replica: downloading model.safetensors 40%").replicas(0, 1)),
                row("an endpoint that never got a replica started waits to be scheduled",
                        endpoint(), observed().backoffUntil(NOW.plusSeconds(1)),
                        expect(PENDING, "Endpoint waiting to be scheduled").replicas(0, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(Row row) {
        ReconcileDecision d = DECIDER.decide(row.endpoint().build(), row.observed().build(), NOW);
        Expect x = row.expected();

        assertThat(d.stops()).extracting(s -> s.replicaId() + ":" + s.reason()).as("stops").containsExactlyElementsOf(x.stops);
        assertThat(d.starts()).extracting(s -> "v" + s.version() + "#" + s.ordinal()).as("starts").containsExactlyElementsOf(x.starts);
        assertThat(d.routeState()).as("route state").isEqualTo(x.state);
        assertThat(d.serving()).as("serving").containsExactlyElementsOf(x.serving);
        assertThat(d.memory().forgetCrashes()).as("forgets crashes").isEqualTo(x.forgetsCrashes);
        if (x.activeSinceNow) assertThat(d.memory().activeSince()).as("active since").isEqualTo(NOW);
        Endpoint.Status status;
        if (x.toZero) {
            assertThat(d.write()).as("the store switch writes the status").isNull();
            status = d.scaleToZero();
        } else {
            assertThat(d.scaleToZero()).as("scale to zero").isNull();
            status = d.write().status();
            Endpoint stored = row.endpoint().build();
            assertThat(d.write().servingVersion()).as("serving version")
                    .isEqualTo(x.servingVersion != null ? x.servingVersion : stored.servingVersion());
            assertThat(d.write().failedVersion()).as("failed version")
                    .isEqualTo(x.failedVersion != null ? x.failedVersion : stored.failedVersion());
        }
        assertThat(status.state()).as("state").isEqualTo(x.state);
        assertThat(status.message()).as("message").contains(x.message);
        assertThat(status.readyReplicas()).as("ready").isEqualTo(x.ready);
        assertThat(status.targetReplicas()).as("target").isEqualTo(x.target);
    }

    // ---- row builders ----------------------------------------------------------------------------------------------

    record Row(String scenario, E endpoint, O observed, Expect expected) {
        @Override
        public String toString() {
            return scenario;
        }
    }

    static Row row(String scenario, E endpoint, O observed, Expect expected) {
        return new Row(scenario, endpoint, observed, expected);
    }

    static Crash crash(long version, int secondsAgo, String replicaId, String exit, String log) {
        return new Crash(NOW.minusSeconds(secondsAgo), version, replicaId, exit, log);
    }

    static E endpoint() {
        return new E();
    }

    static O observed() {
        return new O();
    }

    static Expect expect(EndpointState state, String message) {
        return new Expect(state, message);
    }

    /** An endpoint row: spec v1, active, min 1 max 1, never served, unless changed. */
    static final class E {
        long version = 1, servingVersion, failedVersion;
        Desired desired = Desired.ACTIVE;
        Endpoint.Status status = new Endpoint.Status(PENDING, "Endpoint waiting to be scheduled", 0, 0);
        int min = 1, max = 1;
        Integer timeout;

        E version(long v) { version = v; return this; }
        E serving(long v) { servingVersion = v; return this; }
        E failed(long v) { failedVersion = v; return this; }
        E desired(Desired d) { desired = d; return this; }
        E state(EndpointState s, String message) { status = new Endpoint.Status(s, message, 0, 0); return this; }
        E scaling(int min, int max, Integer timeout) { this.min = min; this.max = max; this.timeout = timeout; return this; }

        Endpoint build() {
            EndpointSpec spec = spec("env-v" + version);
            EndpointSpec serving = servingVersion == 0 ? null : spec("env-v" + servingVersion);
            return new Endpoint(new EndpointId("alice", "e"), INCARNATION, spec, version, desired, serving, servingVersion,
                    failedVersion, status, NOW.minusSeconds(3600), NOW.minusSeconds(60), "alice", 7);
        }

        private EndpointSpec spec(String release) {
            ObjectNode image = JsonNodeFactory.instance.objectNode();
            image.putObject("huggingface");
            return new EndpointSpec("protected", null, new EndpointSpec.Provider("hearth", "local"),
                    new EndpointSpec.Compute("cpu", "cpu", "x1", new EndpointSpec.Scaling(min, max, timeout, null)),
                    new EndpointSpec.Model("org/model", "pytorch", null, "text-generation", image,
                            java.util.Map.of("RELEASE", release), null, null, null),
                    null, null, null);
        }
    }

    /** What was observed: no replicas, no crashes, target 1, active for ten seconds, no traffic, unless changed. */
    static final class O {
        final List<ObservedReplica> replicas = new ArrayList<>();
        final List<Crash> crashes = new ArrayList<>();
        Instant backoffUntil = Instant.EPOCH, activeSince = NOW.minusSeconds(10), lastActivity;
        int target = 1, started, inFlight;
        Autoscaler.Lowering lowering;
        boolean vetoed;
        Integer scheduledFloor;

        O replica(String id, long version, ReplicaHealth health) {
            return replica(id, version, health, health == READY ? "" : "Loading model");
        }

        O replica(String id, long version, ReplicaHealth health, String lastLine) {
            return replicaOf(INCARNATION, id, version, health, lastLine);
        }

        /** A replica launched for another incarnation of the endpoint's name (deleted and re-created since). */
        O replicaOfDeleted(String id, long version, ReplicaHealth health) {
            return replicaOf("0000deleted00000", id, version, health, health == READY ? "" : "Loading model");
        }

        O replicaOf(String incarnation, String id, long version, ReplicaHealth health, String lastLine) {
            // Listed oldest first: each replica started a minute after the previous one.
            replicas.add(new ObservedReplica(id, incarnation, version, health, NOW.minusSeconds(600).plusSeconds(60L * replicas.size()),
                    health == READY ? "" : lastLine));
            return this;
        }

        O crashes(Crash... c) { crashes.addAll(List.of(c)); return this; }
        O backoffUntil(Instant t) { backoffUntil = t; return this; }
        O activeSince(Instant t) { activeSince = t; return this; }
        O lastActivity(Instant t) { lastActivity = t; return this; }
        O target(int n) { target = n; return this; }
        O started(int n) { started = n; return this; }
        O inFlight(int n) { inFlight = n; return this; }
        O lowering(Autoscaler.Lowering l) { lowering = l; return this; }
        O vetoed() { vetoed = true; return this; }
        O scheduledFloor(int floor) { scheduledFloor = floor; return this; }

        Observed build() {
            Crash last = crashes.isEmpty() ? null : crashes.getLast();
            return new Observed(replicas, crashes, last, backoffUntil, target, lowering, started, activeSince, inFlight,
                    lastActivity, vetoed, scheduledFloor);
        }
    }

    /** The decision expected: nothing stopped, started or served, no crash forgotten, unless said. */
    static final class Expect {
        final EndpointState state;
        final String message;
        List<String> stops = List.of(), starts = List.of(), serving = List.of();
        int ready, target;
        /** Null: as stored. */
        Long servingVersion, failedVersion;
        boolean toZero, forgetsCrashes, activeSinceNow;

        Expect(EndpointState state, String message) {
            this.state = state;
            this.message = message;
        }

        Expect stops(String... s) { stops = List.of(s); return this; }
        Expect starts(String... s) { starts = List.of(s); return this; }
        Expect serving(String... s) { serving = List.of(s); return this; }
        Expect replicas(int ready, int target) { this.ready = ready; this.target = target; return this; }
        Expect servingVersion(long v) { servingVersion = v; return this; }
        Expect failedVersion(long v) { failedVersion = v; return this; }
        Expect toZero() { toZero = true; return this; }
        Expect forgetsCrashes() { forgetsCrashes = true; return this; }
        Expect activeSinceNow() { activeSinceNow = true; return this; }
    }
}
