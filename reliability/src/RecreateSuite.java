import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Delete/re-create races: an endpoint is deleted and created again under the same name at once, with a new
 * configuration (an env marker). The new endpoint must be served by new replica processes that carry the new marker,
 * never by the old endpoint's replica (adopting it is issue #15 item 6), and the old processes must go. Then DELETE
 * and POST sent at the same instant: whichever wins, the end state must be consistent (no endpoint and no process, or
 * the new endpoint with new processes). The identical configuration is re-created too, where an adopted old replica
 * would otherwise pass for a new one.
 *
 * Options: --rounds N (3).
 */
final class RecreateSuite implements Reliability.Suite {

    @Override
    public void run(Options o, Report r) throws Exception {
        Http api = new Http(o.url(), o.token(), Duration.ofSeconds(60));
        String ns = Endpoints.namespaceOf(api);
        Endpoints eps = new Endpoints(api, ns, o.model());
        String name = Endpoints.uniqueName("rel-recr");
        int rounds = o.integer("rounds", 3);
        Report.Latencies recreate = new Report.Latencies();
        Report.Histogram createStatuses = new Report.Histogram();
        try {
            r.section("setup");
            r.check(eps.create(name, 1, 1, "protected", Map.of("MARK", "m0")).status() == 202, "create " + name + " with MARK=m0");
            r.check(eps.waitRunning(name, Duration.ofSeconds(120)) >= 0, name + " is running");
            for (int round = 1; round <= rounds; round++) {
                r.section("round " + round + ": DELETE then POST at once");
                String mark = "m" + round;
                List<Replicas.Proc> old = Replicas.of(ns, name);
                long t0 = System.nanoTime();
                Http.Res del = eps.delete(name);
                Http.Res created;
                int conflicts = 0;
                do {
                    created = eps.create(name, 1, 1, "protected", Map.of("MARK", mark));
                    createStatuses.add(created.key());
                    if (created.status() == 409) {
                        conflicts++;
                        Endpoints.sleep(100);
                    }
                } while (created.status() == 409 && System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos());
                r.check(del.status() == 200 && created.status() == 202, "DELETE " + del.key() + ", POST " + created.key()
                        + " after " + conflicts + " conflict(s)");
                checkNewEndpoint(r, eps, name, mark, old, t0, recreate);
            }
            for (int round = 1; round <= rounds; round++) {
                // The same configuration again: a replica of the deleted endpoint would look like the new one's.
                r.section("round " + round + ": DELETE then POST of the identical configuration");
                String mark = "m" + rounds;
                List<Replicas.Proc> old = Replicas.of(ns, name);
                long t0 = System.nanoTime();
                Http.Res del = eps.delete(name);
                Http.Res created = eps.create(name, 1, 1, "protected", Map.of("MARK", mark));
                for (int k = 0; created.status() == 409 && k < 300; k++) {
                    Endpoints.sleep(100);
                    created = eps.create(name, 1, 1, "protected", Map.of("MARK", mark));
                }
                createStatuses.add(created.key());
                r.check(del.status() == 200 && created.status() == 202, "DELETE " + del.key() + ", POST " + created.key());
                checkNewEndpoint(r, eps, name, mark, old, t0, recreate);
            }
            for (int round = 1; round <= rounds; round++) {
                r.section("race " + round + ": DELETE and POST sent together");
                String mark = "race" + round;
                List<Replicas.Proc> old = Replicas.of(ns, name);
                long t0 = System.nanoTime();
                CompletableFuture<Http.Res> del = CompletableFuture.supplyAsync(() -> eps.delete(name));
                CompletableFuture<Http.Res> post = CompletableFuture.supplyAsync(() -> eps.create(name, 1, 1, "protected", Map.of("MARK", mark)));
                Http.Res d = del.get();
                Http.Res p = post.get();
                createStatuses.add(p.key());
                r.figure("outcome", "DELETE " + d.key() + ", POST " + p.key());
                if (p.status() == 202) {
                    checkNewEndpoint(r, eps, name, mark, old, t0, recreate);
                } else {
                    r.check(p.status() == 409 && d.status() == 200, "POST lost the race with 409");
                    long gone = eps.waitReplicaProcesses(name, 0, Duration.ofSeconds(30));
                    r.check(api.get(eps.path(name)).status() == 404 && gone >= 0, "no endpoint and no replica process left");
                    r.check(eps.create(name, 1, 1, "protected", Map.of("MARK", mark)).status() == 202, "created again");
                    checkNewEndpoint(r, eps, name, mark, old, t0, recreate);
                }
            }
            r.section("summary");
            r.figure("POST statuses", createStatuses);
            r.figure("delete → re-created and running", recreate);
        } finally {
            eps.cleanUp(r);
        }
    }

    /** The re-created endpoint runs on new processes only, all carrying the new marker; the old ones are gone. */
    private static void checkNewEndpoint(Report r, Endpoints eps, String name, String mark, List<Replicas.Proc> old, long t0,
                                         Report.Latencies recreate) {
        long ms = eps.waitRunning(name, Duration.ofSeconds(120));
        if (ms >= 0) recreate.add((System.nanoTime() - t0) / 1e6);
        r.check(ms >= 0, "the re-created endpoint is running " + String.format("(%.0f ms after the DELETE)", (System.nanoTime() - t0) / 1e6));
        // Give the reconciler a moment to stop what it should; the old processes must then be gone.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && old.stream().anyMatch(Replicas.Proc::alive)) Endpoints.sleep(200);
        List<Long> survivors = old.stream().filter(Replicas.Proc::alive).map(Replicas.Proc::pid).toList();
        List<Replicas.Proc> now = Replicas.of(eps.namespace, name);
        r.check(survivors.isEmpty(), "the old replica processes are gone, none adopted (still alive: " + survivors + ")");
        r.check(!now.isEmpty() && now.stream().allMatch(p -> mark.equals(p.env().get("MARK"))),
                "every replica runs the new configuration MARK=" + mark + " (found " + now.stream()
                        .map(p -> p.pid() + ":MARK=" + p.env().get("MARK")).toList() + ")");
        Http.Res gen = eps.api.post(eps.gateway(name) + "/generate", eps.generate(2));
        r.check(gen.status() == 200, "served (" + gen.key() + ")");
    }
}
