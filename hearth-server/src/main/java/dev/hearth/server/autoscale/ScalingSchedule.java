package dev.hearth.server.autoscale;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.hearth.server.endpoint.EndpointSpec;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An endpoint's scaling windows (docs/schedules.md): which floor of replicas applies at an instant. Pure: the time,
 * the cold start and the entries are all handed in, so the same inputs give the same floor on any instance.
 *
 * <p>Each entry fires at the instants its UNIX cron expression names in the schedule's timezone (cron-utils does
 * the calendar arithmetic, daylight saving included: a wall-clock time that does not exist that day is skipped).
 * At any instant the entry that fired most recently sets the floor; when two fire at the same instant, the later
 * in the list wins. A rise is applied {@code coldStart} early (pre-warm), so a window opening at 08:00 has its
 * replicas ready at 08:00; a fall is applied on time, so a window never closes early.
 */
public final class ScalingSchedule {

    /** The pre-warm lead before the endpoint's first replica has been measured. */
    public static final Duration DEFAULT_COLD_START = Duration.ofSeconds(60);
    /** Entries per schedule: enough for every pattern of opening and closing a week has, and a bound on each pass's work. */
    public static final int MAX_ENTRIES = 32;
    /** Fire instants looked at per entry within one pre-warm lead (a cron fires at most once a minute). */
    private static final int MAX_FIRES_PER_LEAD = 1_500;
    /** Instants {@link #nextChange} looks at before it gives up. */
    private static final int MAX_CANDIDATES = 64;
    /** Cron-utils' parser is immutable; the UNIX definition is the five-field syntax of crontab(5). */
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private record Window(ExecutionTime times, int minReplica) {}

    private final List<Window> windows;
    private final ZoneId zone;

    private ScalingSchedule(List<Window> windows, ZoneId zone) {
        this.windows = windows;
        this.zone = zone;
    }

    /** The schedule of {@code scaling}; empty when it has none. Throws IllegalArgumentException like {@link #parse}. */
    public static Optional<ScalingSchedule> of(EndpointSpec.Scaling scaling) {
        if (scaling.schedule() == null) return Optional.empty();
        return Optional.of(parse(scaling.schedule(), scaling.timezone()));
    }

    /**
     * Parses entries and a timezone (null for UTC). Throws IllegalArgumentException naming the field that is wrong:
     * a cron expression that is not five valid UNIX fields, an unknown zone, a negative floor, too many entries.
     */
    public static ScalingSchedule parse(List<EndpointSpec.ScheduleEntry> entries, String timezone) {
        ZoneId zone = zone(timezone);
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("compute.scaling.schedule has " + entries.size() + " entries; at most " + MAX_ENTRIES);
        }
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            EndpointSpec.ScheduleEntry e = entries.get(i);
            String field = "compute.scaling.schedule[" + i + "]";
            if (e.cron() == null || e.cron().isBlank()) throw new IllegalArgumentException(field + ".cron is required");
            if (e.minReplica() < 0) throw new IllegalArgumentException(field + ".minReplica must be 0 or more, not " + e.minReplica());
            ExecutionTime times;
            try {
                times = ExecutionTime.forCron(UNIX.parse(e.cron().trim()).validate());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(field + ".cron \"" + e.cron() + "\" is not a UNIX cron expression "
                        + "(five fields: minute hour day-of-month month day-of-week, e.g. \"0 8 * * MON-FRI\"): " + ex.getMessage());
            }
            windows.add(new Window(times, e.minReplica()));
        }
        return new ScalingSchedule(List.copyOf(windows), zone);
    }

    private static ZoneId zone(String timezone) {
        if (timezone == null) return ZoneOffset.UTC;
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException ex) {
            throw new IllegalArgumentException("compute.scaling.timezone \"" + timezone
                    + "\" is not a known time zone; use an IANA name such as \"Europe/Copenhagen\" or \"UTC\"");
        }
    }

    /** The floor the most recent entry at or before {@code now} set; empty when no entry has ever fired. */
    public OptionalInt floorAt(Instant now) {
        Instant latest = null;
        int floor = 0;
        for (Window w : windows) {
            Optional<Instant> fired = lastFire(w, now);
            // Ties go to the later entry: the list reads top to bottom, the last word counts.
            if (fired.isPresent() && (latest == null || !fired.get().isBefore(latest))) {
                latest = fired.get();
                floor = w.minReplica();
            }
        }
        return latest == null ? OptionalInt.empty() : OptionalInt.of(floor);
    }

    /**
     * The floor to keep at {@code now} when a replica takes {@code coldStart} to become ready: the current one, or
     * the highest that an entry firing within the next {@code coldStart} sets, so that its replicas are ready when it
     * fires. A lower floor firing within that time never lowers the result: windows close on time.
     */
    public OptionalInt floorAt(Instant now, Duration coldStart) {
        OptionalInt current = floorAt(now);
        int floor = current.orElse(-1);
        Instant horizon = now.plus(coldStart);
        for (Window w : windows) {
            ZonedDateTime t = now.atZone(zone);
            for (int i = 0; i < MAX_FIRES_PER_LEAD; i++) {
                Optional<ZonedDateTime> next = w.times().nextExecution(t);
                if (next.isEmpty() || next.get().toInstant().isAfter(horizon)) break;
                floor = Math.max(floor, w.minReplica());
                t = next.get();
            }
        }
        return floor < 0 ? OptionalInt.empty() : OptionalInt.of(floor);
    }

    /**
     * The next instant after {@code now} at which {@link #floorAt(Instant, Duration)} changes: an entry firing, or an
     * entry's pre-warm beginning, that sets another floor. Empty when none does within the next
     * {@value #MAX_CANDIDATES} candidate instants (a schedule whose entries all set the same floor).
     */
    public Optional<Instant> nextChange(Instant now, Duration coldStart) {
        OptionalInt current = floorAt(now, coldStart);
        Instant from = now;
        for (int i = 0; i < MAX_CANDIDATES; i++) {
            Instant earliest = null;
            for (Window w : windows) {
                for (Optional<Instant> c : List.of(nextFire(w, from), nextFire(w, from.plus(coldStart)).map(t -> t.minus(coldStart)))) {
                    if (c.isPresent() && c.get().isAfter(from) && (earliest == null || c.get().isBefore(earliest))) earliest = c.get();
                }
            }
            if (earliest == null) return Optional.empty();
            if (!floorAt(earliest, coldStart).equals(current)) return Optional.of(earliest);
            from = earliest;
        }
        return Optional.empty();
    }

    /** The effective scaling at {@code now}: the spec's, with the schedule's floor (bounded by maxReplica) as minReplica. */
    public EndpointSpec.Scaling apply(EndpointSpec.Scaling scaling, Instant now, Duration coldStart) {
        OptionalInt floor = floorAt(now, coldStart);
        return floor.isEmpty() ? scaling : scaling.withMinReplica(Math.min(floor.getAsInt(), scaling.maxReplica()));
    }

    /** Cron-utils' last execution is strictly before its argument; an entry firing exactly at {@code now} counts. */
    private Optional<Instant> lastFire(Window w, Instant now) {
        return w.times().lastExecution(now.plusNanos(1).atZone(zone)).map(ZonedDateTime::toInstant);
    }

    /** Strictly after {@code t}. */
    private Optional<Instant> nextFire(Window w, Instant t) {
        return w.times().nextExecution(t.atZone(zone)).map(ZonedDateTime::toInstant);
    }
}
