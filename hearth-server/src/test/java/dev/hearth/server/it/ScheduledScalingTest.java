package dev.hearth.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.HearthServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scaling windows on a real control plane whose clock the test sets, with real worker processes: the endpoint
 * sleeps before its window, wakes ahead of it by its measured cold start without any request, stays up while the
 * window is open, and goes back to zero on idle once it closes.
 */
class ScheduledScalingTest {

    static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");
    static final String SCHEDULE = """
            "schedule":[{"cron":"0 8 * * MON-FRI","minReplica":1},{"cron":"0 19 * * MON-FRI","minReplica":0}],
            "timezone":"Europe/Copenhagen\"""";

    @TempDir static Path home;
    static HearthServer server;
    static ControlPlane.Client api;
    static Path model;
    static final SettableClock clock = new SettableClock();
    /** A Monday well ahead of the real date, so that the test's instants are never in the past of the wall clock. */
    static final LocalDate MONDAY = LocalDate.now(CPH).plusWeeks(1).with(TemporalAdjusters.next(DayOfWeek.MONDAY));

    static Instant at(LocalDate day, String time) {
        return day.atTime(LocalTime.parse(time)).atZone(CPH).toInstant();
    }

    @BeforeAll
    static void startControlPlane() {
        model = ControlPlane.model(home);
        clock.set(at(MONDAY, "07:30"));
        server = HearthServer.start(ControlPlane.options(home, 0), clock);
        api = ControlPlane.client(server);
    }

    @AfterAll
    static void stopControlPlane() {
        api.get("/v2/endpoint/alice").json().path("items")
                .forEach(e -> api.delete("/v2/endpoint/alice/" + e.get("name").asText()));
        await().atMost(Duration.ofSeconds(30)).until(() -> ControlPlane.replicaProcesses("alice.", home).isEmpty());
        server.close();
    }

    static JsonNode office() {
        return api.get("/v2/endpoint/alice/office").json();
    }

    static int replicas() {
        return ControlPlane.replicaProcesses("alice.office.", home).size();
    }

    @Test
    void theEndpointWakesAheadOfItsWindowByItsMeasuredColdStartAndSleepsAfterIt() throws Exception {
        String body = ControlPlane.createBody("office", model, 0, 1, "public")
                .replace("\"scaleToZeroTimeout\":null", "\"scaleToZeroTimeout\":2," + SCHEDULE);
        assertThat(api.post("/v2/endpoint/alice", body).status()).isEqualTo(202);
        JsonNode created = office();
        assertThat(created.path("compute").path("scaling").path("schedule").get(0).path("cron").asText()).isEqualTo("0 8 * * MON-FRI");
        assertThat(created.path("compute").path("scaling").path("timezone").asText()).isEqualTo("Europe/Copenhagen");

        // Before the window (the last entry to fire was Friday's 19:00, floor 0): the first replica, started by the
        // create, is measured, and idle scale-to-zero works.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> office().path("status").path("state").asText().equals("running"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> office().path("status").path("state").asText().equals("scaledToZero"));
        await().atMost(Duration.ofSeconds(20)).until(() -> replicas() == 0);
        JsonNode asleep = office().path("status");
        assertThat(asleep.path("scheduledMinReplica").asInt()).isZero();
        double coldStart = asleep.path("coldStartSeconds").asDouble();
        assertThat(coldStart).as("the measured cold start, in the view").isPositive();
        assertThat(storedColdStartMillis()).as("the measured cold start, in the store").isEqualTo(Math.round(coldStart * 1000));
        // The check below tells the measured lead from the 60 s default only for a cold start well under it.
        assertThat(coldStart).isLessThan(35);
        Duration lead = Duration.ofMillis(Math.round(coldStart * 1000));
        Instant eight = at(MONDAY, "08:00");
        assertThat(asleep.path("scheduleNextChangeAt").asText()).isEqualTo(timestamp(eight.minus(lead)));

        // 20 s before the pre-warm instant, the endpoint still sleeps (with the default 60 s lead it would wake).
        clock.set(eight.minus(lead).minusSeconds(20));
        Thread.sleep(1_500);
        assertThat(office().path("status").path("state").asText()).isEqualTo("scaledToZero");
        assertThat(replicas()).isZero();

        // At the pre-warm instant a replica starts, no request sent, and it is ready around 08:00.
        clock.set(eight.minus(lead).plusMillis(200));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> replicas() == 1);
        assertThat(clock.instant()).as("started ahead of the window").isBefore(eight);
        assertThat(office().path("status").path("lastActivityAt").isNull()).as("no request woke it").isTrue();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> office().path("status").path("state").asText().equals("running"));
        assertThat(office().path("status").path("scheduledMinReplica").asInt()).isEqualTo(1);

        // Inside the window it stays up, idle for longer than its scale-to-zero timeout.
        clock.set(at(MONDAY, "12:00"));
        Thread.sleep(3_500);
        assertThat(office().path("status").path("state").asText()).isEqualTo("running");
        assertThat(office().path("status").path("scaleToZeroAt").isNull()).isTrue();
        assertThat(replicas()).isEqualTo(1);

        // After the closing entry, idle scale-to-zero works again.
        clock.set(at(MONDAY, "19:00:01"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> office().path("status").path("state").asText().equals("scaledToZero"));
        await().atMost(Duration.ofSeconds(20)).until(() -> replicas() == 0);
        assertThat(office().path("status").path("scheduledMinReplica").asInt()).isZero();

        // A paused endpoint stays paused when the next window opens: a schedule never resumes what a person paused.
        assertThat(api.post("/v2/endpoint/alice/office/pause", null).status()).isEqualTo(200);
        clock.set(at(MONDAY.plusDays(1), "08:00"));
        Thread.sleep(1_500);
        assertThat(office().path("status").path("state").asText()).isEqualTo("paused");
        assertThat(replicas()).isZero();
    }

    @Test
    void badSchedulesAre400AndAnUpdateWithoutScheduleKeepsIt() {
        String sleeper = ControlPlane.sleeperBody("rota", "v1").replace("\"maxReplica\":1}", "\"maxReplica\":2," + SCHEDULE + "}");
        assertThat(api.post("/v2/endpoint/alice", sleeper).status()).isEqualTo(202);
        assertThat(api.post("/v2/endpoint/alice/rota/pause", null).status()).isEqualTo(200);

        assertBadRequest("""
                {"compute":{"scaling":{"schedule":[{"cron":"0 8 * *","minReplica":1}]}}}""", "compute.scaling.schedule[0].cron");
        assertBadRequest("""
                {"compute":{"scaling":{"schedule":[{"cron":"0 8 * * MON-FRI","minReplica":1},{"cron":"0 25 * * *","minReplica":0}]}}}""",
                "compute.scaling.schedule[1].cron \\\"0 25 * * *\\\"");
        assertBadRequest("""
                {"compute":{"scaling":{"timezone":"Mars/Olympus_Mons"}}}""", "compute.scaling.timezone");
        assertBadRequest("""
                {"compute":{"scaling":{"schedule":[{"cron":"0 8 * * *","minReplica":-1}]}}}""", "schedule[0].minReplica must be 0 or more");
        assertBadRequest("""
                {"compute":{"scaling":{"schedule":[{"cron":"0 8 * * *","minReplica":3}]}}}""", "schedule[0].minReplica is 3, above maxReplica 2");
        assertBadRequest("""
                {"compute":{"scaling":{"schedule":"0 8 * * *"}}}""", "compute.scaling.schedule must be an array");
        assertBadRequest("""
                {"compute":{"scaling":{"schedule":[{"minReplica":1}]}}}""", "compute.scaling.schedule[0].cron is required");
        String many = String.join(",", java.util.Collections.nCopies(33, "{\"cron\":\"0 8 * * *\",\"minReplica\":1}"));
        assertBadRequest("{\"compute\":{\"scaling\":{\"schedule\":[" + many + "]}}}", "has 33 entries; at most 32");
        // A create is checked the same way.
        assertThat(api.post("/v2/endpoint/alice", ControlPlane.sleeperBody("rota2", "v1")
                .replace("\"maxReplica\":1}", "\"maxReplica\":1,\"schedule\":[{\"cron\":\"every morning\",\"minReplica\":1}]}")).status())
                .isEqualTo(400);
        assertThat(api.get("/v2/endpoint/alice/rota2").status()).isEqualTo(404);

        // What huggingface_hub sends for update(min_replica=0, max_replica=2): the full compute object, no schedule.
        JsonNode kept = api.put("/v2/endpoint/alice/rota", """
                {"compute":{"accelerator":null,"instanceSize":null,"instanceType":null,
                            "scaling":{"maxReplica":2,"minReplica":0}}}""").json();
        assertThat(kept.path("compute").path("scaling").path("schedule")).hasSize(2);
        assertThat(kept.path("compute").path("scaling").path("timezone").asText()).isEqualTo("Europe/Copenhagen");
        assertThat(api.get("/v2/endpoint/alice/rota").json().path("compute").path("scaling").path("schedule")).hasSize(2);

        // Another schedule replaces it whole; an empty list clears it (the timezone, set on its own, stays).
        JsonNode replaced = api.put("/v2/endpoint/alice/rota", """
                {"compute":{"scaling":{"schedule":[{"cron":"30 6 * * *","minReplica":2}]}}}""").json();
        assertThat(replaced.path("compute").path("scaling").path("schedule")).hasSize(1);
        assertThat(replaced.path("compute").path("scaling").path("schedule").get(0).path("minReplica").asInt()).isEqualTo(2);
        ControlPlane.Response lowered = api.put("/v2/endpoint/alice/rota", """
                {"compute":{"scaling":{"maxReplica":1}}}""");
        assertThat(lowered.status()).isEqualTo(400);
        assertThat(lowered.body()).contains("compute.scaling.schedule[0].minReplica is 2, above maxReplica 1");
        JsonNode cleared = api.put("/v2/endpoint/alice/rota", """
                {"compute":{"scaling":{"schedule":[]}}}""").json();
        assertThat(cleared.path("compute").path("scaling").has("schedule")).isFalse();
        assertThat(cleared.path("status").has("scheduledMinReplica")).isFalse();
        assertThat(cleared.path("status").path("state").asText()).isEqualTo("paused");
    }

    static void assertBadRequest(String patch, String message) {
        ControlPlane.Response r = api.put("/v2/endpoint/alice/rota", patch);
        assertThat(r.status()).as(patch).isEqualTo(400);
        assertThat(r.body()).as(patch).contains(message);
        assertThat(r.json().path("error").isTextual()).isTrue();
        assertThat(api.get("/v2/endpoint/alice/rota").json().path("compute").path("scaling").path("schedule")).hasSize(2);
    }

    static long storedColdStartMillis() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("hearth.db"));
             var q = c.prepareStatement("SELECT cold_start_ms FROM endpoint_cold_starts WHERE namespace = 'alice' AND name = 'office'")) {
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    static String timestamp(Instant t) {
        return dev.hearth.server.endpoint.EndpointView.timestamp(t);
    }
}
