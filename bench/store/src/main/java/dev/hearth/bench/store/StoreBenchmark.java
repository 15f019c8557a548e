package dev.hearth.bench.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.HubSettings;
import dev.hearth.server.HearthServer;
import dev.hearth.server.ServerOptions;
import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.endpoint.Desired;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.endpoint.EndpointState;
import dev.hearth.server.reconcile.Reconciler;
import dev.hearth.server.store.EndpointRepository;
import dev.hearth.server.store.SecretBox;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoreLocation;
import dev.hearth.testkit.EmbeddedPostgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * At {@code ENDPOINTS} endpoints (paused, so that nothing starts): the list route over HTTP and one reconcile pass,
 * on SQLite and on a real PostgreSQL in the same run; then the takeover time of a second {@code hearth server}
 * process after kill -9 of the leading one, both on that PostgreSQL. Medians; ratios PostgreSQL/SQLite.
 */
public final class StoreBenchmark {

    private static final String TOKEN = "bench-admin-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Timings(String store, double listMs, double passMs) {}

    public static void main(String[] args) throws Exception {
        int endpoints = Integer.parseInt(System.getenv().getOrDefault("ENDPOINTS", "1000"));
        int samples = Integer.parseInt(System.getenv().getOrDefault("SAMPLES", "20"));
        int takeovers = Integer.parseInt(System.getenv().getOrDefault("TAKEOVERS", "3"));
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            Path sqliteHome = Files.createTempDirectory("hearth-bench-sqlite-");
            Timings sqlite = measure("SQLite", sqliteHome, new StoreLocation.Sqlite(sqliteHome.resolve("hearth.db")),
                    endpoints, samples);
            Path pgHome = Files.createTempDirectory("hearth-bench-pg-");
            String url = pg.newDatabase();
            Timings postgres = measure("PostgreSQL", pgHome, new StoreLocation.Postgres(url, Optional.empty(),
                    Optional.empty()), endpoints, samples);
            List<Double> handovers = new ArrayList<>();
            for (int i = 0; i < takeovers; i++) handovers.add(takeover(pgHome, url));
            report(endpoints, sqlite, postgres, handovers);
        }
    }

    private static Timings measure(String name, Path home, StoreLocation location, int count, int samples)
            throws Exception {
        try (Store store = Store.open(location)) {
            EndpointRepository repository = new EndpointRepository(store, SecretBox.forHome(home, Optional.empty()));
            Instant now = Instant.now();
            for (int i = 0; i < count; i++) repository.insert(paused(String.format("e%04d", i), now));
        }
        try (HearthServer server = HearthServer.start(options(home, 0).withStore(location))) {
            String list = "http://127.0.0.1:" + server.port() + "/v2/endpoint/bench";
            for (int i = 0; i < 3; i++) get(list); // warm-up
            List<Double> lists = new ArrayList<>();
            for (int i = 0; i < samples; i++) {
                long t = System.nanoTime();
                String body = get(list);
                lists.add((System.nanoTime() - t) / 1e6);
                if (!body.contains("e" + String.format("%04d", count - 1))) throw new IllegalStateException("short list");
            }
            String metrics = "http://127.0.0.1:" + server.port() + "/metrics";
            List<Double> passes = new ArrayList<>();
            while (passes.size() < samples) {
                Thread.sleep(300); // the tick is 250 ms: each sample is a later pass
                double seconds = metric(get(metrics), "hearth_reconcile_pass_seconds");
                if (seconds > 0) passes.add(seconds * 1e3);
            }
            Timings t = new Timings(name, median(lists), median(passes));
            System.out.printf("%-10s list %d endpoints: %.1f ms   reconcile pass: %.1f ms%n", name, count, t.listMs(),
                    t.passMs());
            return t;
        }
    }

    /** kill -9 of the leading process; seconds until the other one has published as leader. */
    private static double takeover(Path home, String url) throws Exception {
        Process first = serverProcess(home, url, freePort());
        awaitLeader(url, first.pid(), Duration.ofSeconds(180));
        int secondPort = freePort();
        Process second = serverProcess(home, url, secondPort);
        awaitHealthy(secondPort, Duration.ofSeconds(180)); // a follower that is up and polling
        Thread.sleep(3_000);
        long killed = System.nanoTime();
        first.destroyForcibly();
        first.waitFor(10, TimeUnit.SECONDS);
        awaitLeader(url, second.pid(), Duration.ofSeconds(60));
        double seconds = (System.nanoTime() - killed) / 1e9;
        System.out.printf("takeover after kill -9 of the leader: %.2f s%n", seconds);
        second.destroyForcibly();
        second.waitFor(10, TimeUnit.SECONDS);
        return seconds;
    }

    private static Process serverProcess(Path home, String url, int port) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dev.hearth.cli.HearthCommand", "server",
                "--home", home.toString(), "--hostname", "127.0.0.1", "--port", Integer.toString(port), "--store", url,
                "--namespace", "bench");
        pb.environment().put("HEARTH_ADMIN_TOKEN", TOKEN);
        return pb.redirectErrorStream(true).redirectOutput(home.resolve("server-" + port + ".log").toFile()).start();
    }

    private static void awaitHealthy(int port, Duration within) throws InterruptedException {
        Instant until = Instant.now().plus(within);
        while (Instant.now().isBefore(until)) {
            try {
                get("http://127.0.0.1:" + port + "/health");
                return;
            } catch (IOException | IllegalStateException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the server on port " + port + " did not answer /health within " + within.toSeconds() + " s");
    }

    private static void awaitLeader(String url, long pid, Duration within) throws Exception {
        Instant until = Instant.now().plus(within);
        while (Instant.now().isBefore(until)) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT leader FROM routing WHERE id = 1")) {
                if (rs.next() && rs.getString(1).endsWith("/" + pid)) return;
            } catch (SQLException notYet) {
                // the table appears with the first server's migration
            }
            Thread.sleep(25);
        }
        throw new IllegalStateException("process " + pid + " did not lead within " + within.toSeconds() + " s");
    }

    private static void report(int count, Timings sqlite, Timings pg, List<Double> takeovers) throws IOException {
        String md = """
                | at %d endpoints | SQLite | PostgreSQL | PostgreSQL / SQLite |
                |---|---:|---:|---:|
                | `GET /v2/endpoint/{namespace}` (median) | %.1f ms | %.1f ms | %.2f |
                | one reconcile pass (median) | %.1f ms | %.1f ms | %.2f |

                Takeover after kill -9 of the leader (second instance publishing as leader): median %.2f s of %s.
                """.formatted(count, sqlite.listMs(), pg.listMs(), pg.listMs() / sqlite.listMs(), sqlite.passMs(),
                pg.passMs(), pg.passMs() / sqlite.passMs(), median(takeovers),
                takeovers.stream().map(t -> String.format("%.2f s", t)).toList());
        System.out.println(md);
        Path out = Path.of("bench", "out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("store-results.md"), md);
    }

    private static ServerOptions options(Path home, int port) {
        return new ServerOptions(home, "127.0.0.1", port, Optional.empty(), List.of("true"), Optional.of(TOKEN), "bench",
                HubSettings.forCache(home.resolve("hub")), Reconciler.Settings.defaults(), Autoscaler.Settings.defaults())
                .withAllowCustomCommands(true);
    }

    private static Endpoint paused(String name, Instant now) {
        ObjectNode image = JsonNodeFactory.instance.objectNode();
        image.putObject("custom").put("url", "exec sleep 300").put("health_route", "/health");
        EndpointSpec spec = new EndpointSpec("public", null, new EndpointSpec.Provider("hearth", "local"),
                new EndpointSpec.Compute("cpu", "cpu", "x1", new EndpointSpec.Scaling(1, 1, null, null)),
                new EndpointSpec.Model("my-org/sleeper", "custom", null, "text-generation", image, Map.of("MARK", name),
                        null, null, null),
                null, null, null);
        return new Endpoint(new EndpointId("bench", name), Long.toHexString(name.hashCode() * 31L + now.toEpochMilli()),
                spec, 1, Desired.PAUSED, null, 0, 0, new Endpoint.Status(EndpointState.PAUSED, "Endpoint is paused", 0, 0),
                now, now, "bench", 0);
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    private static double metric(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElse(0);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
