import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * kill -9 of the control plane in the middle of a burst. The suite starts its own server ({@code hearth server} on a
 * temporary home, --hearth CMD to choose how), creates endpoints, sends generation traffic and control calls (an
 * update, a delete), kills the server with SIGKILL, starts it again and checks convergence: every endpoint back to
 * its state with exactly its target replicas, replicas adopted rather than restarted, no replica process left for the
 * deleted endpoint, no process of this installation that no endpoint owns.
 *
 * Options: --hearth CMD (./hearth of this checkout), --port P (a free one), --home DIR (a new temporary folder),
 * --rounds N (2), --concurrency C (12), --model PATH. --url and --token are not used: the suite makes its own.
 */
final class KillServerSuite implements Reliability.Suite {

    @Override
    public void run(Options o, Report r) throws Exception {
        Path home = o.has("home") ? Path.of(o.get("home")) : ServerUnderTest.tempHome();
        int port = o.has("port") ? o.integer("port", 0) : freePort();
        String token = "rel-" + UUID.randomUUID();
        ServerUnderTest server = new ServerUnderTest(o.get("hearth", ServerUnderTest.defaultHearth().toString()), home, port, token);
        if (!java.nio.file.Files.exists(Path.of(o.model()))) {
            r.check(false, "the model " + o.model() + " exists (run hearth up once, or pass --model PATH)");
            return;
        }
        r.figure("server", String.join(" ", server.command) + " server --port " + port + " --home " + home);
        Http api = new Http(server.url(), token, Duration.ofSeconds(60));
        Endpoints eps = null;
        try {
            r.section("start");
            long started = server.start(Duration.ofMinutes(5));
            if (!r.check(started >= 0, "the server answers /health (" + started + " ms; log: " + home.resolve("server-0.log") + ")")) return;
            eps = new Endpoints(api, Endpoints.namespaceOf(api), o.model());
            for (int round = 1; round <= o.integer("rounds", 2); round++) {
                round(r, o, server, api, eps, round);
            }
        } finally {
            r.section("clean-up");
            if (eps != null) eps.cleanUp(r);
            server.stop();
            List<Replicas.Proc> left = server.replicas();
            left.forEach(p -> Replicas.kill9(p.pid()));
            r.check(left.isEmpty(), "no replica process of the installation outlives the clean-up (" + left.size() + " killed)");
            r.figure("home (logs kept)", home);
        }
    }

    private void round(Report r, Options o, ServerUnderTest server, Http api, Endpoints eps, int round) throws Exception {
        r.section("round " + round + ": endpoints");
        String keep = "rel-keep" + round, scaled = "rel-two" + round, doomed = "rel-doom" + round, paused = "rel-paused" + round;
        r.check(eps.create(keep, 1, 1, "protected").status() == 202, "create " + keep + " (1 replica)");
        r.check(eps.create(scaled, 2, 2, "protected").status() == 202, "create " + scaled + " (2 replicas)");
        r.check(eps.create(doomed, 1, 1, "protected").status() == 202, "create " + doomed + " (deleted during the burst)");
        r.check(eps.create(paused, 1, 1, "protected").status() == 202, "create " + paused + " (paused)");
        for (String n : List.of(keep, scaled, doomed, paused)) r.check(eps.waitRunning(n, Duration.ofSeconds(180)) >= 0, n + " is running");
        r.check(api.post(eps.path(paused) + "/pause", null).status() == 200, "pause " + paused);
        eps.waitReplicaProcesses(paused, 0, Duration.ofSeconds(30));
        Map<String, List<Long>> pidsBefore = new HashMap<>();
        for (String n : List.of(keep, scaled, doomed)) pidsBefore.put(n, Replicas.of(eps.namespace, n).stream().map(Replicas.Proc::pid).sorted().toList());

        r.section("round " + round + ": burst, then kill -9 of the server " + server.pid());
        AtomicBoolean stop = new AtomicBoolean();
        int clients = o.integer("concurrency", 12);
        Report.Histogram statuses = new Report.Histogram();
        Thread burst = Thread.ofVirtual().start(() -> {
            Load load = Load.run(clients, 100_000, Duration.ofSeconds(60), false, i -> {
                if (stop.get()) return new Http.Res(-1, "stopped", null, 0);
                Http.Res res = api.withTimeout(Duration.ofSeconds(20)).post(eps.gateway(i % 2 == 0 ? keep : scaled) + "/generate", eps.generate(8));
                if (res.status() < 0) Endpoints.sleep(50); // the server is down: retry, but not in a tight loop
                return res;
            });
            load.statuses.except("stopped").forEach((k, v) -> { for (long x = 0; x < v; x++) statuses.add(k); });
        });
        Endpoints.sleep(2000);
        Http.Res put = api.put(eps.path(keep), "{\"compute\":{\"scaling\":{\"scaleToZeroTimeout\":" + (30 + round) + "}}}");
        Http.Res del = eps.delete(doomed);
        r.check(put.status() == 200 && del.status() == 200, "PUT " + keep + " " + put.key() + " and DELETE " + doomed + " " + del.key()
                + " during the burst");
        server.kill9(); // right after the DELETE: its replica may not be stopped yet
        long killedAt = System.nanoTime();
        r.check(java.util.stream.Stream.concat(pidsBefore.get(keep).stream(), pidsBefore.get(scaled).stream()).allMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)),
                "the replicas outlive the server");
        Endpoints.sleep(1000);
        long restart = server.start(Duration.ofMinutes(5));
        r.check(restart >= 0, "the server starts again on the same home (" + restart + " ms)");
        Endpoints.sleep(3000);
        stop.set(true);
        burst.join();
        r.figure("burst statuses (-1: no connection while the server was down)", statuses);

        r.section("round " + round + ": convergence");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String why;
        while ((why = divergence(api, eps, server, paused)) != null && System.nanoTime() < deadline) Endpoints.sleep(250);
        double convergedMs = (System.nanoTime() - killedAt) / 1e6;
        r.check(why == null, "converged: every endpoint at its state with exactly its target replicas, no orphan"
                + (why == null ? String.format(" (%.0f ms after the kill)", convergedMs) : " — still: " + why));
        r.check(api.get(eps.path(doomed)).status() == 404, doomed + " stays deleted");
        r.check(Replicas.of(eps.namespace, doomed).isEmpty(), "no replica process left for the deleted " + doomed);

        // Its namesake, created right after the restart: it must get a replica of its own, never the deleted one's.
        r.section("round " + round + ": re-create the deleted endpoint under its name");
        r.check(eps.create(doomed, 1, 1, "protected", Map.of("MARK", "second")).status() == 202, "create " + doomed + " again, MARK=second");
        long again = eps.waitRunning(doomed, Duration.ofSeconds(120));
        eps.waitReplicaProcesses(doomed, 1, Duration.ofSeconds(30));
        List<Replicas.Proc> fresh = Replicas.of(eps.namespace, doomed);
        r.check(again >= 0 && fresh.size() == 1 && "second".equals(fresh.getFirst().env().get("MARK")),
                doomed + " runs on a new replica with MARK=second (" + fresh.stream().map(p -> p.pid() + ":MARK=" + p.env().get("MARK")).toList() + ")");
        r.check(Json.num(eps.get(keep), "compute.scaling.scaleToZeroTimeout", -1) == 30 + round, "the update made before the kill is kept");
        for (String n : List.of(keep, scaled)) {
            List<Long> now = Replicas.of(eps.namespace, n).stream().map(Replicas.Proc::pid).sorted().toList();
            r.check(now.equals(pidsBefore.get(n)), n + ": its replicas were adopted, not restarted (" + pidsBefore.get(n) + " → " + now + ")");
            Http.Res gen = api.post(eps.gateway(n) + "/generate", eps.generate(2));
            r.check(gen.status() == 200, n + " serves after the restart (" + gen.key() + ")");
        }
        r.check("paused".equals(Json.str(eps.get(paused), "status.state")) && Replicas.of(eps.namespace, paused).isEmpty(),
                paused + " is still paused, without processes");
        for (String n : List.of(keep, scaled, paused, doomed)) eps.delete(n);
        for (String n : List.of(keep, scaled, doomed)) eps.waitReplicaProcesses(n, 0, Duration.ofSeconds(30));
    }

    /** What still differs from the desired state, or null when everything has converged. */
    private static String divergence(Http api, Endpoints eps, ServerUnderTest server, String paused) {
        Object items = Json.at(api.get("/v2/endpoint/" + eps.namespace).json(), "items");
        if (!(items instanceof List<?> list)) return "the endpoint list is not readable";
        List<String> owners = new ArrayList<>();
        for (Object e : list) {
            String name = Json.str(e, "name");
            owners.add(eps.namespace + "." + name);
            String state = Json.str(e, "status.state");
            long target = Json.num(e, "status.targetReplica", -1);
            long ready = Json.num(e, "status.readyReplica", -1);
            int procs = Replicas.of(eps.namespace, name).size();
            if (name.equals(paused)) {
                if (!"paused".equals(state) || procs != 0) return name + " is " + state + " with " + procs + " processes";
            } else if (!"running".equals(state) || ready != target || procs != target) {
                return name + " is " + state + ", " + ready + "/" + target + " ready, " + procs + " processes";
            }
        }
        List<String> orphans = server.replicas().stream().filter(p -> !owners.contains(p.endpoint())).map(p -> p.id() + "/" + p.pid()).toList();
        return orphans.isEmpty() ? null : "orphan replica processes " + orphans;
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
