import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Client disconnects: clients that go away in the middle of a long generation, streaming or not. The replica must
 * stop generating for them (issue #15 item 8 for non-streaming requests) instead of decoding to the end for nobody.
 * Measured on the replica's open /metrics: how long it stays busy after the clients left, against a full
 * generation's time; the decode steps ({@code tgi_batch_inference_count}) it spent are reported beside.
 *
 * Options: --clients D (8 disconnecting at once), --tokens T (480), --rounds N (2).
 */
final class DisconnectsSuite implements Reliability.Suite {

    @Override
    public void run(Options o, Report r) throws Exception {
        Http api = new Http(o.url(), o.token(), Duration.ofSeconds(120));
        String ns = Endpoints.namespaceOf(api);
        Endpoints eps = new Endpoints(api, ns, o.model());
        String name = Endpoints.uniqueName("rel-disc");
        int clients = o.integer("clients", 8);
        int tokens = o.integer("tokens", 480);
        String body = "{\"inputs\":\"Once upon a time\",\"parameters\":{\"max_new_tokens\":" + tokens + "}}";
        try {
            r.section("setup");
            r.check(eps.create(name, 1, 1, "protected").status() == 202, "create " + name);
            r.check(eps.waitRunning(name, Duration.ofSeconds(120)) >= 0, name + " is running");
            List<Replicas.Proc> replicas = Replicas.of(ns, name);
            if (!r.check(replicas.size() == 1, "its replica process is visible in /proc (run as the server's user)")) return;
            Http metrics = new Http("http://127.0.0.1:" + replicas.getFirst().port(), null, Duration.ofSeconds(10));

            // What a full generation of the batch costs, to compare the disconnected ones with.
            long steps0 = steps(metrics);
            Load full = Load.burst(clients, false, i -> api.post(eps.gateway(name) + "/generate", body));
            long fullSteps = steps(metrics) - steps0;
            double fullMs = full.ok.percentile(100);
            r.figure("full generation of " + clients + " × " + tokens + " tokens", full.statuses + ", " + full.ok + ", " + fullSteps + " steps");
            long delay = Math.max(50, Math.min(300, (long) (fullMs / 5)));
            // One short stream first, so that the first measured round does not also pay for warming the streaming
            // path (class loading, JIT) in the gateway and the replica, which delays noticing a client that left.
            api.post(eps.gateway(name) + "/generate_stream", "{\"inputs\":\"Once upon a time\",\"parameters\":{\"max_new_tokens\":8}}");
            if (fullMs < 4 * delay) r.note("a full generation takes only " + Math.round(fullMs) + " ms: raise --tokens for a clearer result");

            for (int round = 1; round <= o.integer("rounds", 2); round++) {
                for (boolean streaming : new boolean[]{true, false}) {
                    String kind = streaming ? "streaming" : "non-streaming";
                    r.section("round " + round + ": " + clients + " " + kind + " clients disconnect after " + delay + " ms");
                    waitIdle(metrics, Duration.ofSeconds(60));
                    long before = steps(metrics);
                    List<Socket> sockets = new ArrayList<>();
                    RawHttp raw = new RawHttp(o.url());
                    for (int c = 0; c < clients; c++) {
                        sockets.add(raw.open("POST", eps.gateway(name) + (streaming ? "/generate_stream" : "/generate"), o.token(), body));
                    }
                    Endpoints.sleep(delay);
                    long closedAt = System.nanoTime();
                    for (Socket s : sockets) s.close();
                    boolean idle = waitIdle(metrics, Duration.ofSeconds(60));
                    double idleMs = (System.nanoTime() - closedAt) / 1e6;
                    long spent = steps(metrics) - before;
                    r.figure("decode steps for the abandoned requests", spent + " (a full generation: " + fullSteps + ")");
                    r.figure("replica idle after the disconnect", String.format("%.0f ms (a full generation: %.0f ms)", idleMs, fullMs));
                    // Judged by time, not by steps: how many decode steps a batch takes depends on how the clients'
                    // arrivals interleave (requests that arrive one by one make more, smaller steps than a burst),
                    // while a replica that went on generating for nobody stays busy for most of a full generation.
                    r.check(idle && idleMs < fullMs * 0.5, kind + ": the replica stopped generating for the clients that left (busy "
                            + Math.round(idleMs) + " ms after they left, a full generation " + Math.round(fullMs) + " ms)"
                            + (streaming ? "" : " (item 8)"));
                }
            }
            r.section("afterwards");
            Http.Res gen = api.post(eps.gateway(name) + "/generate", eps.generate(4));
            r.check(gen.status() == 200, "a request after the disconnects is served (" + gen.key() + ")");
            String inFlight = metric(api.get("/metrics").body(), "hearth_gateway_in_flight", ns + "/" + name);
            r.check("0".equals(inFlight) || "0.0".equals(inFlight), "the gateway counts nothing in flight for " + name + " (" + inFlight + ")");
        } finally {
            eps.cleanUp(r);
        }
    }

    /** Decode and prefill steps the replica ran so far (TGI's tgi_batch_inference_count, all labels). */
    static long steps(Http metrics) {
        long sum = 0;
        for (String line : metrics.get("/metrics").body().split("\n")) {
            if (line.startsWith("tgi_batch_inference_count")) sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }

    /** Until nothing is queued or in the batch; false if that did not happen in time. */
    static boolean waitIdle(Http metrics, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String text = metrics.get("/metrics").body();
            if (gauge(text, "tgi_batch_current_size") == 0 && gauge(text, "tgi_queue_size") == 0) return true;
            Endpoints.sleep(25);
        }
        return false;
    }

    static double gauge(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return -1;
    }

    /** A sample of the gateway's metrics for one endpoint, or null. */
    static String metric(String text, String name, String endpoint) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("\"" + endpoint + "\"")) return line.substring(line.lastIndexOf(' ') + 1);
        }
        return null;
    }
}
