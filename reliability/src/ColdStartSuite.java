import java.time.Duration;

/**
 * Cold-start bursts: an endpoint scaled to zero receives a burst of concurrent requests. The gateway holds them in
 * its buffer while a replica starts, at most what the replicas that may come can admit (128 each, and 256 in all),
 * so every request it holds must be served and the rest refused at once with Retry-After, none with a 429 after
 * waiting. Rounds alternate a small burst and one larger than what a replica admits at once, which is issue #15
 * item 10.
 *
 * Options: --rounds N (2 of each), --small B (10), --large B (200; 0 skips them), --tokens T (32), --scale-up-timeout S (60: sent
 * as X-Scale-Up-Timeout, so that a request the gateway never releases ends as its 503 instead of a client timeout).
 */
final class ColdStartSuite implements Reliability.Suite {

    @Override
    public void run(Options o, Report r) {
        int scaleUpTimeout = o.integer("scale-up-timeout", 60);
        Http api = new Http(o.url(), o.token(), Duration.ofSeconds(scaleUpTimeout + 30));
        String ns = Endpoints.namespaceOf(api);
        Endpoints eps = new Endpoints(api, ns, o.model());
        String name = Endpoints.uniqueName("rel-cold");
        int rounds = o.integer("rounds", 2);
        int tokens = o.integer("tokens", 32);
        java.util.Map<String, String> headers = java.util.Map.of("Content-Type", "application/json",
                "X-Scale-Up-Timeout", Integer.toString(scaleUpTimeout));
        Report.Latencies coldStarts = new Report.Latencies();
        try {
            r.section("setup");
            r.check(eps.create(name, 0, 1, "protected").status() == 202, "create " + name + " (min 0, max 1)");
            r.check(eps.waitRunning(name, Duration.ofSeconds(120)) >= 0, name + " is running");
            for (int round = 1; round <= rounds; round++) {
                for (int size : new int[]{o.integer("small", 10), o.integer("large", 200)}) {
                    if (size <= 0) continue; // --large 0: small bursts only
                    r.section("round " + round + ": burst of " + size + " on a scaled-to-zero endpoint");
                    if (!scaleToZero(api, eps, name, r)) return;
                    byte[] body = eps.generate(tokens).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    Load burst = Load.burst(size, true, i -> api.send("POST", eps.gateway(name) + "/generate", body, headers));
                    double first = burst.ok.percentile(0.0001);
                    coldStarts.add(first);
                    r.figure("statuses", burst.statuses);
                    r.figure("latency (all 200s; the fastest ≈ cold start)", burst.ok);
                    long refusedAfterWaiting = burst.answers.stream().filter(a -> a.status() == 429).count();
                    r.figure("429 after waiting", refusedAfterWaiting);
                    // One example of each kind of failure, with how long it had waited.
                    java.util.Map<String, Http.Res> examples = new java.util.TreeMap<>();
                    burst.answers.stream().filter(a -> a.status() != 200).forEach(a -> examples.putIfAbsent(a.key(), a));
                    examples.values().forEach(a -> r.note(a.key() + " after " + Math.round(a.millis()) + " ms: "
                            + a.body().substring(0, Math.min(120, a.body().length()))));
                    long badRefusals = burst.answers.stream().filter(a -> a.status() == 503 || a.status() == 429)
                            .filter(a -> a.header("Retry-After") == null).count();
                    r.check(badRefusals == 0, "every refusal carries Retry-After (" + badRefusals + " without)");
                    // The gateway holds no more than the replicas that may come can admit (128 each): within that every
                    // request is served; the rest are refused at once with Retry-After, never with a 429 after waiting.
                    long served = burst.statuses.get("200");
                    long held = Math.min(size, 128);
                    r.check(served >= held, "at least the " + held + " requests one replica admits are served (" + served + " were)");
                    r.check(refusedAfterWaiting == 0, "no request waits through the cold start only to get 429 (item 10)");
                    long slowRefusals = burst.answers.stream().filter(a -> a.status() == 503 && a.millis() > 2000).count();
                    r.check(slowRefusals == 0, "requests beyond what the replicas admit are refused at once, not after waiting ("
                            + slowRefusals + " waited over 2 s)");
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
