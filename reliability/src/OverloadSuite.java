import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Overload: more concurrent clients than one replica admits (128 in flight, as TGI), on an endpoint that may not
 * scale out. What must hold: every answer is a 200 or a 429 with Retry-After (or a 503 with Retry-After), the control
 * plane keeps answering while the gateway is saturated, and the endpoint serves normally right afterwards.
 *
 * Options: --concurrency C (192), --seconds S (20), --requests N (20000), --tokens T (16, per request).
 */
final class OverloadSuite implements Reliability.Suite {

    @Override
    public void run(Options o, Report r) throws Exception {
        Http api = new Http(o.url(), o.token(), Duration.ofSeconds(60));
        String ns = Endpoints.namespaceOf(api);
        Endpoints eps = new Endpoints(api, ns, o.model());
        int clients = o.integer("concurrency", 192);
        int seconds = o.integer("seconds", 20);
        int tokens = o.integer("tokens", 16);
        String name = Endpoints.uniqueName("rel-over");
        try {
            r.section("setup");
            r.check(eps.create(name, 1, 1, "protected").status() == 202, "create " + name + " (min 1, max 1: no scaling out)");
            r.check(eps.waitRunning(name, Duration.ofSeconds(120)) >= 0, name + " is running");

            r.section(clients + " clients for " + seconds + " s, " + tokens + " tokens a request");
            // While the load runs, a probe asks the control plane for the endpoint every half second.
            Report.Latencies probe = new Report.Latencies();
            AtomicInteger probeFailures = new AtomicInteger();
            Thread prober = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Http.Res res = api.withTimeout(Duration.ofSeconds(5)).get(eps.path(name));
                    if (res.status() == 200) probe.add(res.millis());
                    else probeFailures.incrementAndGet();
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            String body = eps.generate(tokens);
            Load load = Load.run(clients, o.integer("requests", 20_000), Duration.ofSeconds(seconds), true,
                    i -> api.post(eps.gateway(name) + "/generate", body));
            prober.interrupt();
            prober.join();

            long total = load.statuses.total();
            long shed = load.statuses.get("429") + load.statuses.get("503");
            r.figure("requests", total + String.format(" in %.1f s (%.0f/s)", load.wallMillis / 1000.0, load.throughput()));
            r.figure("statuses", load.statuses);
            r.figure("200 latency", load.ok);
            r.figure("shed (429/503)", String.format("%d (%.1f%%)", shed, 100.0 * shed / Math.max(1, total)));
            r.figure("control API during the load", probe + ", failures " + probeFailures.get());
            r.check(load.statuses.except("200", "429", "503").isEmpty(),
                    "every answer is 200, 429 or 503 (others: " + load.statuses.except("200", "429", "503") + ")");
            long withoutRetryAfter = load.answers.stream().filter(a -> a.status() == 429 || a.status() == 503)
                    .filter(a -> a.header("Retry-After") == null).count();
            r.check(withoutRetryAfter == 0, "every 429/503 carries Retry-After (" + withoutRetryAfter + " without)");
            long notJson = load.answers.stream().filter(a -> a.status() >= 400).filter(a -> FuzzSuite.problem(a) != null).count();
            r.check(notJson == 0, "every refusal is a JSON error without exception text (" + notJson + " not)");
            r.check(load.statuses.get("200") > 0, "requests were served during the overload");
            r.check(probeFailures.get() == 0 && probe.percentile(95) < 2000,
                    "the control API answered every probe, p95 under 2 s");

            r.section("afterwards");
            long t0 = System.nanoTime();
            Http.Res after = api.post(eps.gateway(name) + "/generate", body);
            r.check(after.status() == 200, "a request right after the overload is served (" + after.status()
                    + String.format(", %.0f ms)", (System.nanoTime() - t0) / 1e6));
            r.check("running".equals(Json.str(eps.get(name), "status.state")), name + " is still running");
            r.check(api.get("/health").status() == 200, "the server's /health answers 200");
        } finally {
            eps.cleanUp(r);
        }
    }
}
