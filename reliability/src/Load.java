import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Closed-loop load: C virtual-thread clients, each sending requests back to back until the count or the time is
 * spent. Statuses go into a histogram, latencies of the 200s into a summary.
 */
final class Load {

    final Report.Histogram statuses = new Report.Histogram();
    final Report.Latencies ok = new Report.Latencies();
    final List<Http.Res> answers = java.util.Collections.synchronizedList(new ArrayList<>());
    long wallMillis;

    /** @param request sends request number i; answers are kept only when {@code keep} (for header checks) */
    static Load run(int clients, int maxRequests, Duration maxTime, boolean keep, IntFunction<Http.Res> request) {
        Load load = new Load();
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        long deadline = t0 + maxTime.toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                all.add(pool.submit(() -> {
                    int i;
                    while (System.nanoTime() < deadline && (i = next.getAndIncrement()) < maxRequests) {
                        Http.Res res = request.apply(i);
                        load.statuses.add(res.key());
                        if (res.status() == 200) load.ok.add(res.millis());
                        if (keep) load.answers.add(res);
                    }
                }));
            }
        }
        load.wallMillis = (System.nanoTime() - t0) / 1_000_000;
        return load;
    }

    /** One request per client, all at once (a burst). */
    static Load burst(int clients, boolean keep, IntFunction<Http.Res> request) {
        return run(clients, clients, Duration.ofMinutes(10), keep, request);
    }

    double throughput() {
        return statuses.total() * 1000.0 / Math.max(1, wallMillis);
    }
}
