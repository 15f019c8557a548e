import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Concurrent updates: in each round, several clients send sparse PUTs at the same instant, each changing a different
 * field of one endpoint. A sparse update must not undo another's: afterwards every field holds its new value (a lost
 * update is issue #15 item 7). A 409 is accepted as an honest "try again" and its field is not expected. The endpoint
 * must end running with its target replicas.
 *
 * Options: --rounds N (20).
 */
final class UpdatesSuite implements Reliability.Suite {

    /** One field: the patch that sets it for a round, and where its value is read back. */
    record Field(String label, Function<Integer, String> patch, Function<Integer, Object> value, String path) {}

    static final List<Field> FIELDS = List.of(
            new Field("type", k -> "{\"type\":\"" + type(k) + "\"}", UpdatesSuite::type, "type"),
            new Field("scaleToZeroTimeout", k -> "{\"compute\":{\"scaling\":{\"scaleToZeroTimeout\":" + (10 + k) + "}}}",
                    k -> (long) (10 + k), "compute.scaling.scaleToZeroTimeout"),
            new Field("maxReplica", k -> "{\"compute\":{\"scaling\":{\"maxReplica\":" + (1 + k % 2) + "}}}",
                    k -> (long) (1 + k % 2), "compute.scaling.maxReplica"),
            new Field("pendingRequests", k -> "{\"compute\":{\"scaling\":{\"measure\":{\"pendingRequests\":" + (2 + k % 5) + "}}}}",
                    k -> (long) (2 + k % 5), "compute.scaling.measure.pendingRequests"),
            new Field("model.env", k -> "{\"model\":{\"env\":{\"ROUND\":\"" + k + "\"}}}", k -> Integer.toString(k), "model.env.ROUND"));

    static String type(int k) {
        return k % 2 == 0 ? "protected" : "authenticated";
    }

    @Override
    public void run(Options o, Report r) throws Exception {
        Http api = new Http(o.url(), o.token(), Duration.ofSeconds(60));
        String ns = Endpoints.namespaceOf(api);
        Endpoints eps = new Endpoints(api, ns, o.model());
        String name = Endpoints.uniqueName("rel-upd");
        int rounds = o.integer("rounds", 20);
        Report.Histogram statuses = new Report.Histogram();
        Report.Latencies latency = new Report.Latencies();
        Map<String, Integer> lost = new LinkedHashMap<>();
        int lostRounds = 0;
        try {
            r.section("setup");
            r.check(eps.create(name, 1, 1, "protected").status() == 202, "create " + name);
            r.check(eps.waitRunning(name, Duration.ofSeconds(120)) >= 0, name + " is running");

            r.section(rounds + " rounds of " + FIELDS.size() + " concurrent sparse PUTs, each to a different field");
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int round = 1; round <= rounds; round++) {
                    final int k = round;
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Http.Res>> puts = new ArrayList<>();
                    for (Field f : FIELDS) {
                        puts.add(pool.submit(() -> {
                            go.await();
                            return api.put(eps.path(name), f.patch().apply(k));
                        }));
                    }
                    go.countDown();
                    List<Http.Res> answers = new ArrayList<>();
                    for (Future<Http.Res> put : puts) answers.add(put.get());
                    Object after = eps.get(name); // once every PUT has been answered
                    List<String> missing = new ArrayList<>();
                    for (int i = 0; i < FIELDS.size(); i++) {
                        Http.Res res = answers.get(i);
                        statuses.add(res.key());
                        latency.add(res.millis());
                        if (res.status() != 200) continue;
                        Field f = FIELDS.get(i);
                        Object got = Json.at(after, f.path());
                        if (!f.value().apply(k).equals(got)) {
                            missing.add(f.label() + "=" + got);
                            lost.merge(f.label(), 1, Integer::sum);
                        }
                    }
                    if (!missing.isEmpty()) {
                        lostRounds++;
                        r.note("round " + round + ": lost " + missing);
                    }
                }
            }
            r.figure("PUT statuses", statuses);
            r.figure("PUT latency", latency);
            r.figure("lost updates by field", lost);
            r.check(statuses.except("200", "409").isEmpty(), "every PUT answered 200 (or 409) (others: " + statuses.except("200", "409") + ")");
            r.check(lostRounds == 0, "no update lost: " + lostRounds + " of " + rounds + " rounds lost one (item 7)");

            r.section("convergence");
            long ms = eps.waitRunning(name, Duration.ofSeconds(120));
            long target = Json.num(eps.get(name), "status.targetReplica", -1);
            // A rolling update stops the old replica just after the new one is ready: give it the time to.
            eps.waitReplicaProcesses(name, (int) target, Duration.ofSeconds(60));
            long procs = Replicas.of(ns, name).size();
            r.figure("converged in", ms + " ms");
            r.check(ms >= 0 && procs == target, "running with every target replica ready, " + procs + " process(es) for target " + target);
            Http.Res gen = api.post(eps.gateway(name) + "/generate", eps.generate(2));
            r.check(gen.status() == 200, "served after the updates (" + gen.key() + ")");
        } finally {
            eps.cleanUp(r);
        }
    }
}
