package dev.hearth.server.leader;

import dev.hearth.server.autoscale.LoadView;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.gateway.LoadTracker;
import dev.hearth.server.store.ActivityRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway load of every instance on one store, for the leader's autoscaler: each instance reports its own
 * {@link LoadTracker} every {@code every} (one batch), and reads what the others reported; the view adds their
 * requests in flight to its own and takes the latest activity of all. A report older than {@link #STALE} is of an
 * instance that is gone and counts for nothing.
 *
 * <p>So an endpoint served only through a follower is neither scaled to zero as idle nor left at too few replicas;
 * the view lags the followers by at most one report.
 */
public final class SharedLoad implements LoadView, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedLoad.class);

    /** Reports older than this are of instances that stopped reporting. */
    static final Duration STALE = Duration.ofSeconds(10);

    private record Remote(int inFlight, Instant lastActivity) {}

    private final ActivityRepository activity;
    private final LoadTracker local;
    private final String instance;
    private final Clock clock;
    private final ScheduledExecutorService reporter;
    private volatile Map<EndpointId, Remote> others = Map.of();

    public SharedLoad(ActivityRepository activity, LoadTracker local, String instance, Clock clock) {
        this.activity = activity;
        this.local = local;
        this.instance = instance;
        this.clock = clock;
        this.reporter = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("shared-load").factory());
    }

    public void start(Duration every) {
        reporter.scheduleWithFixedDelay(this::exchange, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reports this instance's load and reads the others'. */
    void exchange() {
        try {
            Instant now = clock.instant();
            List<ActivityRepository.Row> mine = local.endpoints().stream()
                    .map(id -> new ActivityRepository.Row(instance, id, local.demand(id), local.lastActivity(id).orElse(null)))
                    .toList();
            activity.report(mine, now);
            Map<EndpointId, Remote> next = new HashMap<>();
            for (ActivityRepository.Row r : activity.others(instance, now.minus(STALE))) {
                next.merge(r.endpoint(), new Remote(r.inFlight(), r.lastActivity()),
                        (a, b) -> new Remote(a.inFlight() + b.inFlight(), latest(a.lastActivity(), b.lastActivity())));
            }
            others = Map.copyOf(next);
            activity.forgetBefore(now.minus(STALE.multipliedBy(6)));
        } catch (RuntimeException e) {
            log.warn("could not exchange gateway load with the other instances: {}", e.getMessage());
        }
    }

    @Override
    public int inFlight(EndpointId id) {
        Remote r = others.get(id);
        return local.demand(id) + (r == null ? 0 : r.inFlight());
    }

    @Override
    public Instant lastActivity(EndpointId id) {
        Remote r = others.get(id);
        return latest(local.lastActivity(id).orElse(null), r == null ? null : r.lastActivity());
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }

    @Override
    public void close() {
        reporter.shutdownNow();
    }
}
