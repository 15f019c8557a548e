import java.time.Duration;
import java.util.List;

/**
 * kill -9 of a replica in the middle of a stream: the stream must end (not hang) and say that it failed (an error
 * event, issue #15 item 9), and the endpoint must converge back to running with its replicas, served by a new process.
 *
 * Options: --rounds N (3), --tokens T (480: long enough to outlast the kill).
 */
final class KillReplicaSuite implements Reliability.Suite {

    @Override
    public void run(Options o, Report r) throws Exception {
        Http api = new Http(o.url(), o.token(), Duration.ofSeconds(60));
        String ns = Endpoints.namespaceOf(api);
        Endpoints eps = new Endpoints(api, ns, o.model());
        String name = Endpoints.uniqueName("rel-killr");
        int tokens = o.integer("tokens", 480);
        Report.Latencies streamEnd = new Report.Latencies();
        Report.Latencies convergence = new Report.Latencies();
        try {
            r.section("setup");
            r.check(eps.create(name, 1, 1, "protected").status() == 202, "create " + name + " (min 1, max 1)");
            r.check(eps.waitRunning(name, Duration.ofSeconds(120)) >= 0, name + " is running");
            for (int round = 1; round <= o.integer("rounds", 3); round++) {
                r.section("round " + round);
                List<Replicas.Proc> before = Replicas.of(ns, name);
                if (!r.check(before.size() == 1, "one replica process (" + before.size() + ")")) return;
                Replicas.Proc victim = before.getFirst();
                Streams.Reader stream = Streams.open(api, eps.gateway(name) + "/generate_stream",
                        "{\"inputs\":\"Once upon a time\",\"parameters\":{\"max_new_tokens\":" + tokens + "}}");
                stream.firstEvent.await();
                long killedAt = System.nanoTime();
                r.check(Replicas.kill9(victim.pid()), "kill -9 " + victim.pid() + " (" + victim.id() + ") after "
                        + stream.events.size() + " event(s)");
                boolean ended = stream.awaitEnd(Duration.ofSeconds(30));
                if (!ended) stream.abandon();
                double endMs = ended ? (stream.endedAt - killedAt) / 1e6 : Double.NaN;
                if (ended) streamEnd.add(endMs);
                r.figure("stream", "status " + stream.status + ", " + stream.events.size() + " events, "
                        + (stream.failure == null ? "body ended" : stream.failure)
                        + String.format(", ended %.0f ms after the kill", endMs));
                r.figure("last event", abbreviate(stream.lastEvent()));
                if (stream.endedNormally()) {
                    r.note("the stream finished before the kill landed: not conclusive (use more --tokens)");
                } else {
                    r.check(ended, "the stream ends within 30 s of the kill (no hang)");
                    r.check(stream.endedWithError(), "the stream's last event is an error event, not a bare cut (item 9)");
                }
                long t0 = System.nanoTime();
                long ms = eps.waitRunning(name, Duration.ofSeconds(120));
                List<Replicas.Proc> after = Replicas.of(ns, name);
                r.check(ms >= 0 && after.size() == 1 && after.getFirst().pid() != victim.pid(),
                        "converged: running, 1/1 ready, one new replica process (" + after.stream().map(Replicas.Proc::pid).toList() + ")");
                if (ms >= 0) convergence.add((System.nanoTime() - killedAt) / 1e6);
                r.figure("convergence after the kill", String.format("%.0f ms", (System.nanoTime() - killedAt) / 1e6));
                Http.Res res = api.post(eps.gateway(name) + "/generate", eps.generate(4));
                r.check(res.status() == 200, "a request after convergence is served (" + res.key() + ")");
                r.figure("waited for running", (System.nanoTime() - t0) / 1_000_000 + " ms");
            }
            r.section("summary");
            r.figure("stream end after kill", streamEnd);
            r.figure("convergence after kill", convergence);
        } finally {
            eps.cleanUp(r);
        }
    }

    static String abbreviate(String s) {
        return s == null ? "none" : s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}
