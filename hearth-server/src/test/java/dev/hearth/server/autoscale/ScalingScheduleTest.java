package dev.hearth.server.autoscale;

import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.endpoint.EndpointSpec.ScheduleEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The floor a schedule sets, in its timezone, pre-warmed by the cold start; parsing and its errors. */
class ScalingScheduleTest {

    static final String COPENHAGEN = "Europe/Copenhagen";
    static final ZoneId CPH = ZoneId.of(COPENHAGEN);
    /** The seed guide's office hours: warm on weekdays from 08:00, nothing from 19:00. */
    static final ScalingSchedule OFFICE = ScalingSchedule.parse(List.of(
            new ScheduleEntry("0 8 * * MON-FRI", 1), new ScheduleEntry("0 19 * * MON-FRI", 0)), COPENHAGEN);

    /** A wall-clock time in Copenhagen. */
    static Instant cph(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(CPH).toInstant();
    }

    @Test
    void theWindowOpensAtEightAndClosesAtSevenCopenhagenTimeOnWeekdays() {
        // Monday 30 March 2026 (summer time, UTC+2).
        assertThat(OFFICE.floorAt(cph("2026-03-30T07:59:59"))).hasValue(0);
        assertThat(OFFICE.floorAt(cph("2026-03-30T08:00:00"))).hasValue(1);
        assertThat(cph("2026-03-30T08:00:00")).isEqualTo(Instant.parse("2026-03-30T06:00:00Z"));
        assertThat(OFFICE.floorAt(cph("2026-03-30T18:59:59.999"))).hasValue(1);
        assertThat(OFFICE.floorAt(cph("2026-03-30T19:00:00"))).hasValue(0);
        // The weekend: Friday's 19:00 entry is the most recent one until Monday 08:00.
        assertThat(OFFICE.floorAt(cph("2026-04-04T10:00:00"))).hasValue(0);
        assertThat(OFFICE.floorAt(cph("2026-04-06T08:00:00"))).hasValue(1);
    }

    @Test
    void theWindowFollowsCopenhagensClockAcrossTheChangeToSummerTime() {
        ScalingSchedule daily = ScalingSchedule.parse(List.of(
                new ScheduleEntry("0 8 * * *", 1), new ScheduleEntry("0 19 * * *", 0)), COPENHAGEN);
        // Saturday 28 March 2026 is winter time (08:00 = 07:00 UTC); Sunday 29 March summer time (08:00 = 06:00 UTC).
        assertThat(daily.floorAt(Instant.parse("2026-03-28T06:59:59Z"))).hasValue(0);
        assertThat(daily.floorAt(Instant.parse("2026-03-28T07:00:00Z"))).hasValue(1);
        assertThat(daily.floorAt(Instant.parse("2026-03-29T05:59:59Z"))).hasValue(0);
        assertThat(daily.floorAt(Instant.parse("2026-03-29T06:00:00Z"))).hasValue(1);
        assertThat(daily.nextChange(Instant.parse("2026-03-28T20:00:00Z"), Duration.ZERO))
                .hasValue(Instant.parse("2026-03-29T06:00:00Z"));
        // And back to winter time on Sunday 25 October: 19:00 is 17:00 UTC the day before, 18:00 UTC that day.
        assertThat(daily.floorAt(Instant.parse("2026-10-24T16:59:59Z"))).hasValue(1);
        assertThat(daily.floorAt(Instant.parse("2026-10-24T17:00:00Z"))).hasValue(0);
        assertThat(daily.floorAt(Instant.parse("2026-10-25T17:59:59Z"))).hasValue(1);
        assertThat(daily.floorAt(Instant.parse("2026-10-25T18:00:00Z"))).hasValue(0);
    }

    @Test
    void aRisingFloorIsAppliedEarlierByTheColdStartAndAFallingOneOnTime() {
        Duration coldStart = Duration.ofSeconds(90);
        Instant eight = cph("2026-03-30T08:00:00");
        assertThat(OFFICE.floorAt(eight.minus(coldStart).minusMillis(1), coldStart)).hasValue(0);
        assertThat(OFFICE.floorAt(eight.minus(coldStart), coldStart)).hasValue(1);
        assertThat(OFFICE.floorAt(eight.minus(Duration.ofSeconds(1)), coldStart)).hasValue(1);
        // A different measured cold start moves the pre-warm with it.
        assertThat(OFFICE.floorAt(eight.minus(coldStart), Duration.ofSeconds(30))).hasValue(0);
        Instant seven = cph("2026-03-30T19:00:00");
        assertThat(OFFICE.floorAt(seven.minusSeconds(10), coldStart)).hasValue(1);
        assertThat(OFFICE.floorAt(seven, coldStart)).hasValue(0);
        // Where the floor next changes: the pre-warm instant before 08:00, the closing instant itself before 19:00.
        assertThat(OFFICE.nextChange(cph("2026-03-30T07:00:00"), coldStart)).hasValue(eight.minus(coldStart));
        assertThat(OFFICE.nextChange(cph("2026-03-30T12:00:00"), coldStart)).hasValue(seven);
    }

    @Test
    void aShortWindowWithinTheColdStartIsPreWarmedToo() {
        ScalingSchedule burst = ScalingSchedule.parse(List.of(
                new ScheduleEntry("0 8 * * *", 2), new ScheduleEntry("1 8 * * *", 0)), "UTC");
        assertThat(burst.floorAt(Instant.parse("2026-03-30T07:57:00Z"), Duration.ofMinutes(5))).hasValue(2);
        assertThat(burst.floorAt(Instant.parse("2026-03-30T07:57:00Z"), Duration.ofMinutes(1))).hasValue(0);
    }

    @Test
    void theMostRecentEntryWinsAndOfTwoAtOnceTheLaterInTheList() {
        ScalingSchedule day = ScalingSchedule.parse(List.of(
                new ScheduleEntry("0 8 * * *", 1), new ScheduleEntry("0 12 * * *", 3),
                new ScheduleEntry("0 14 * * *", 2), new ScheduleEntry("0 19 * * *", 0)), null);
        assertThat(day.floorAt(Instant.parse("2026-03-30T09:00:00Z"))).hasValue(1);
        assertThat(day.floorAt(Instant.parse("2026-03-30T13:00:00Z"))).hasValue(3);
        assertThat(day.floorAt(Instant.parse("2026-03-30T15:00:00Z"))).hasValue(2);
        assertThat(day.floorAt(Instant.parse("2026-03-30T20:00:00Z"))).hasValue(0);
        ScalingSchedule twice = ScalingSchedule.parse(List.of(
                new ScheduleEntry("0 8 * * *", 4), new ScheduleEntry("0 8 * * *", 1)), null);
        assertThat(twice.floorAt(Instant.parse("2026-03-30T09:00:00Z"))).hasValue(1);
    }

    @Test
    void theScheduleReplacesMinReplicaBoundedByMaxReplica() {
        EndpointSpec.Scaling spec = new EndpointSpec.Scaling(0, 2, 15, null,
                List.of(new ScheduleEntry("0 8 * * *", 5), new ScheduleEntry("0 19 * * *", 0)), "UTC");
        ScalingSchedule schedule = ScalingSchedule.of(spec).orElseThrow();
        assertThat(schedule.apply(spec, Instant.parse("2026-03-30T09:00:00Z"), Duration.ZERO).minReplica()).isEqualTo(2);
        assertThat(schedule.apply(spec, Instant.parse("2026-03-30T20:00:00Z"), Duration.ZERO).minReplica()).isZero();
        EndpointSpec.Scaling withoutSchedule = new EndpointSpec.Scaling(1, 2, null, null);
        assertThat(ScalingSchedule.of(withoutSchedule)).isEmpty();
        // An empty list is no schedule: what an update sends to clear it.
        assertThat(new EndpointSpec.Scaling(1, 2, null, null, List.of(), null).schedule()).isNull();
    }

    @Test
    void badExpressionsZonesAndFloorsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> ScalingSchedule.parse(List.of(new ScheduleEntry("0 8 * *", 1)), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compute.scaling.schedule[0].cron")
                .hasMessageContaining("five fields");
        assertThatThrownBy(() -> ScalingSchedule.parse(List.of(new ScheduleEntry("0 8 * * *", 1),
                new ScheduleEntry("0 25 * * MON-FRI", 0)), null))
                .hasMessageContaining("compute.scaling.schedule[1].cron \"0 25 * * MON-FRI\"");
        assertThatThrownBy(() -> ScalingSchedule.parse(List.of(new ScheduleEntry("0 0 8 * * MON-FRI", 1)), null))
                .hasMessageContaining("schedule[0].cron");
        assertThatThrownBy(() -> ScalingSchedule.parse(List.of(new ScheduleEntry("0 8 * * MON-FRI", -1)), null))
                .hasMessageContaining("schedule[0].minReplica must be 0 or more");
        assertThatThrownBy(() -> ScalingSchedule.parse(List.of(new ScheduleEntry("0 8 * * *", 1)), "Europe/Atlantis"))
                .hasMessageContaining("compute.scaling.timezone \"Europe/Atlantis\" is not a known time zone");
        assertThat(ScalingSchedule.parse(List.of(new ScheduleEntry("0 8 * * *", 1)), "UTC").floorAt(Instant.parse("2026-03-30T08:00:00Z")))
                .isEqualTo(OptionalInt.of(1));
    }
}
