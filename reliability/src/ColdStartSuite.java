import java.time.Duration;

/**
 * Cold-start bursts: an endpoint scaled to zero receives a burst of concurrent requests. The gateway holds them in
 * its buffer (256 per endpoint) while a replica starts, so every request of a burst that fits the buffer must be
 * served, none refused after waiting. Rounds alternate a small burst and one larger than what a replica admits at
 * once (128), which is issue #15 item 10.
 *
 * Options: --rounds N (2 of each), --small B (10), --large B (160), --tokens T (8).
 */
final class ColdStartSuite implements Reliability.Suite {

    @Override
    public void run(Options o, Report r) {
        Http api = new Http(o.url(), o.token(), Duration.ofSeconds(300));
        String ns = Endpoints.namespaceOf(api);
        Endpoints eps = new Endpoints(api, ns, o.model());
        String name = Endpoints.uniqueName("rel-cold");
        int rounds = o.integer("rounds", 2);
        int tokens = o.integer("tokens", 8);
        Report.Latencies coldStarts = new Report.Latencies();
        try {
            r.section("setup");
            r.check(eps.create(name, 0, 1, "protected").status() == 202, "create " + name + " (min 0, max 1)");
            r.check(eps.waitRunning(name, Duration.ofSeconds(120)) >= 0, name + " is running");
            for (int round = 1; round <= rounds; round++) {
                for (int size : new int[]{o.integer("small", 10), o.integer("large", 160)}) {
                    r.section("round " + round + ": burst of " + size + " on a scaled-to-zero endpoint");
                    if (!scaleToZero(api, eps, name, r)) return;
                    Load burst = Load.burst(size, true, i -> api.post(eps.gateway(name) + "/generate", eps.generate(tokens)));
                    double first = burst.ok.percentile(0.0001);
                    coldStarts.add(first);
                    r.figure("statuses", burst.statuses);
                    r.figure("latency (all 200s; the fastest ≈ cold start)", burst.ok);
                    long refusedAfterWaiting = burst.answers.stream().filter(a -> a.status() == 429).count();
                    r.figure("429 after waiting", refusedAfterWaiting);
                    long badRefusals = burst.answers.stream().filter(a -> a.status() == 503 || a.status() == 429)
                            .filter(a -> a.header("Retry-After") == null).count();
                    r.check(badRefusals == 0, "every refusal carries Retry-After (" + badRefusals + " without)");
                    r.check(burst.statuses.get("200") == size, size + " requests that fit the 256-request buffer are all served ("
                            + burst.statuses.get("200") + " were)");
                }
            }
            r.section("summary");
            r.figure("cold start (first answer of a burst)", coldStarts);
        } finally {
            eps.cleanUp(r);
        }
    }

    private static boolean scaleToZero(Http api, Endpoints eps, String name, Report r) {
        Http.Res res = api.post(eps.path(name) + "/scale-to-zero", null);
        boolean ok = res.status() == 200 && eps.waitState(name, "scaledToZero", Duration.ofSeconds(60)) >= 0
                && eps.waitReplicaProcesses(name, 0, Duration.ofSeconds(60)) >= 0;
        return r.check(ok, "scaled to zero, no replica process left");
    }
}
