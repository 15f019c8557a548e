package dev.hearth.bench.gateway;

import dev.hearth.hub.HubSettings;
import dev.hearth.server.HearthServer;
import dev.hearth.server.ServerOptions;
import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.reconcile.Reconciler;
import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;
import dev.hearth.worker.WorkerCommand;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Gateway overhead and scale-from-zero cost, each against its reference measured in the same run:
 * <ul>
 *   <li>the same worker process reached directly and through the gateway, alternately, under the same closed-loop
 *       load (throughput ratio, added p50 and p99 latency);</li>
 *   <li>a request to a scaled-to-zero endpoint (wake, worker start, model load, first token, through the gateway)
 *       against the bare cost of starting that worker by hand and asking it for the same token.</li>
 * </ul>
 */
public final class GatewayBenchmark {

    static final String TOKEN = "bench-token";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(env("CLIENTS", "8"));
        Duration length = Duration.ofSeconds(Long.parseLong(env("SECONDS", "8")));
        int rounds = Integer.parseInt(env("ROUNDS", "3"));
        int colds = Integer.parseInt(env("COLD_STARTS", "3"));
        Path home = Files.createTempDirectory("hearth-bench-gateway");
        // MODEL=path/to.gguf measures with a real-sized model (e.g. bench/out/models/ from run-generation.sh);
        // the default tiny model makes the gateway's own cost as visible as it can be.
        LlamaSpec spec = LlamaSpec.tiny();
        Path model = System.getenv("MODEL") != null ? Path.of(System.getenv("MODEL"))
                : LlamaModelFiles.writeGguf(spec, Vocabulary.english().paddedTo(spec.nVocab()), GgmlType.Q8_0, home.resolve("tiny.gguf"));
        String tokens = env("TOKENS", "16");
        List<String> worker = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xss8m", "-cp", System.getProperty("java.class.path"), WorkerCommand.class.getName());
        ServerOptions options = new ServerOptions(home, "127.0.0.1", 0, Optional.empty(), worker, Optional.of(TOKEN), "bench",
                HubSettings.forCache(home.resolve("hub")), Reconciler.Settings.defaults(), Autoscaler.Settings.defaults());
        HearthServer server = HearthServer.start(options);
        String base = "http://127.0.0.1:" + server.port();
        try {
            post(base + "/v2/endpoint/bench", """
                    {"name":"gw","type":"protected","provider":{"vendor":"hearth","region":"local"},
                     "compute":{"accelerator":"cpu","instanceType":"cpu","instanceSize":"x1","scaling":{"minReplica":1,"maxReplica":1}},
                     "model":{"repository":"%s","framework":"pytorch","task":"text-generation"}}""".formatted(model));
            String url = awaitRunning(base, "gw");
            int replicaPort = replicaPort("bench.gw.");
            String direct = "http://127.0.0.1:" + replicaPort;
            // A replica answers only the key the gateway sends; the benchmark reads it where the worker does.
            String directKey = replicaVariable("bench.gw.", "API_KEY");

            StringBuilder out = new StringBuilder();
            out.append("Model: ").append(model.getFileName()).append("\n\n");
            out.append("Gateway overhead: ").append(clients).append(" closed-loop clients, ").append(length.toSeconds())
                    .append(" s per run, best of ").append(rounds).append(" alternating direct/gateway rounds\n\n")
                    .append("| request | direct req/s | gateway req/s | ratio | direct p50 / p99 ms | gateway p50 / p99 ms | added p50 / p99 ms |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|\n");
            Load load = new Load();
            overhead(out, load, directKey, "GET /info", direct + "/info", url + "/info", null, clients, length, rounds);
            overhead(out, load, directKey, "POST /generate (1 token)", direct + "/generate", url + "/generate",
                    "{\"inputs\":\"the cat\",\"parameters\":{\"max_new_tokens\":1}}", clients, length, rounds);
            overhead(out, load, directKey, "POST /generate (" + tokens + " tokens)", direct + "/generate", url + "/generate",
                    "{\"inputs\":\"the cat\",\"parameters\":{\"max_new_tokens\":" + tokens + "}}", clients, length, rounds);

            out.append("\nScale from zero to the first token (median of ").append(colds).append(")\n\n");
            List<Double> bare = new ArrayList<>();
            List<Double> cold = new ArrayList<>();
            for (int i = 0; i < colds; i++) {
                bare.add(bareStart(worker, model));
                post(base + "/v2/endpoint/bench/gw/scale-to-zero", null);
                awaitNoReplica("bench.gw.");
                long t0 = System.nanoTime();
                HttpResponse<String> r = HTTP.send(request(url + "/generate").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"inputs\":\"the cat\",\"parameters\":{\"max_new_tokens\":1}}")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) throw new IllegalStateException("wake failed: " + r.statusCode() + " " + r.body());
                cold.add((System.nanoTime() - t0) / 1e9);
            }
            double bareMedian = median(bare), coldMedian = median(cold);
            out.append("| bare: start worker + load model + first token | scale from zero through the gateway | ratio |\n|---:|---:|---:|\n")
                    .append(String.format(Locale.ROOT, "| %.2f s | %.2f s | %.2f× |%n", bareMedian, coldMedian, coldMedian / bareMedian))
                    .append(String.format(Locale.ROOT, "%nAll runs (s): bare %s, cold %s%n", fmt(bare), fmt(cold)));
            System.out.print(out);
            Path results = Path.of(env("OUT", "bench/out/gateway-results.md"));
            Files.createDirectories(results.toAbsolutePath().getParent());
            Files.writeString(results, out);
        } finally {
            try {
                HTTP.send(request(base + "/v2/endpoint/bench/gw").DELETE().build(), HttpResponse.BodyHandlers.discarding());
                awaitNoReplica("bench.gw.");
            } finally {
                server.close();
            }
        }
    }

    private static void overhead(StringBuilder out, Load load, String directKey, String name, String direct, String gateway, String body,
                                 int clients, Duration length, int rounds) throws InterruptedException {
        load.run(URI.create(direct), directKey, body, clients, Duration.ofSeconds(2)); // warm-up, both paths
        load.run(URI.create(gateway), TOKEN, body, clients, Duration.ofSeconds(2));
        Load.Result bestDirect = null, bestGateway = null;
        for (int r = 0; r < rounds; r++) {
            Load.Result d = load.run(URI.create(direct), directKey, body, clients, length);
            Load.Result g = load.run(URI.create(gateway), TOKEN, body, clients, length);
            if (d.errors() > 0 || g.errors() > 0) System.err.println("errors: direct " + d.errors() + ", gateway " + g.errors());
            if (bestDirect == null || d.throughput() > bestDirect.throughput()) bestDirect = d;
            if (bestGateway == null || g.throughput() > bestGateway.throughput()) bestGateway = g;
        }
        out.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.3f | %.2f / %.2f | %.2f / %.2f | %+.2f / %+.2f |%n", name,
                bestDirect.throughput(), bestGateway.throughput(), bestGateway.throughput() / bestDirect.throughput(),
                bestDirect.p50(), bestDirect.p99(), bestGateway.p50(), bestGateway.p99(),
                bestGateway.p50() - bestDirect.p50(), bestGateway.p99() - bestDirect.p99()));
    }

    /** The bare cost: start the same worker command by hand, wait for its health route, ask for one token. */
    private static double bareStart(List<String> worker, Path model) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(worker);
        command.addAll(List.of("--model", model.toString(), "--hostname", "127.0.0.1", "--port", Integer.toString(port), "--threads", "1"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String base = "http://127.0.0.1:" + port;
            while (true) {
                try {
                    if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(20);
            }
            HTTP.send(HttpRequest.newBuilder(URI.create(base + "/generate")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":\"the cat\",\"parameters\":{\"max_new_tokens\":1}}")).build(),
                    HttpResponse.BodyHandlers.discarding());
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    private static String awaitRunning(String base, String name) throws Exception {
        for (int i = 0; i < 600; i++) {
            String body = HTTP.send(request(base + "/v2/endpoint/bench/" + name).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"state\":\"running\"")) {
                return body.replaceAll("(?s).*\"url\":\"([^\"]+)\".*", "$1");
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("endpoint did not start");
    }

    private static int replicaPort(String prefix) throws IOException {
        return Integer.parseInt(replicaVariable(prefix, "PORT"));
    }

    /** A variable of the environment of the first replica process whose id starts with {@code prefix}. */
    private static String replicaVariable(String prefix, String name) throws IOException {
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            try {
                String env = Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"));
                if (!env.contains("HEARTH_REPLICA_ID=" + prefix)) continue;
                for (String kv : env.split("\0")) if (kv.startsWith(name + "=")) return kv.substring(name.length() + 1);
            } catch (IOException | SecurityException ignored) {
                // not ours, or gone
            }
        }
        throw new IllegalStateException("no replica process found");
    }

    private static void awaitNoReplica(String prefix) throws Exception {
        for (int i = 0; i < 300; i++) {
            try {
                replicaPort(prefix);
            } catch (IllegalStateException none) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5));
    }

    private static void post(String url, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(request(url).POST(json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) throw new IllegalStateException(url + " → " + r.statusCode() + " " + r.body());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String fmt(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList().toString();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
