package dev.hearth.server.it;

import dev.hearth.hub.HubSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test support: a control plane on a random port with its own home, the tests' tiny model, and an HTTP client that
 * speaks to it the way huggingface_hub does.
 */
public final class ControlPlane {

    public static final String ADMIN = "admin-token";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Fast reconciling and back-off, a one-second "minute" for scale-to-zero, a short scale-down window. Custom
     * commands are allowed, since the tests' administrator client uses them for crashing replicas; the tests of that
     * opt-in start a server without it.
     */
    public static ServerOptions options(Path home, int port) {
        return new ServerOptions(home, "127.0.0.1", port, Optional.empty(), workerCommand(), Optional.of(ADMIN), "alice",
                HubSettings.forCache(home.resolve("hub")),
                new Reconciler.Settings(Duration.ofMillis(100), 3, Duration.ofMinutes(1), Duration.ofMillis(200),
                        Duration.ofSeconds(2), Duration.ofMinutes(2)),
                new Autoscaler.Settings(4.0, Duration.ofSeconds(2), Duration.ofSeconds(1), 15))
                .withAllowCustomCommands(true);
    }

    /** The port of a replica process (from its environment), to reach it without the gateway. */
    public static int replicaPort(ProcessHandle replica) {
        return Integer.parseInt(environment(replica).get("PORT"));
    }

    public static List<String> workerCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m", "-Xss8m", "-cp", System.getProperty("java.class.path"), WorkerCommand.class.getName());
    }

    public static Path model(Path dir) {
        LlamaSpec spec = LlamaSpec.tiny();
        return LlamaModelFiles.writeGguf(spec, Vocabulary.withChatTokens().paddedTo(spec.nVocab()), GgmlType.Q8_0,
                dir.resolve("tiny.gguf"), Map.of("tokenizer.chat_template", Vocabulary.CHATML_TEMPLATE));
    }

    public static String createBody(String name, Path model, int min, int max, String type) {
        return """
                {"name":"%s","type":"%s","accountId":null,
                 "provider":{"vendor":"hearth","region":"local"},
                 "compute":{"accelerator":"cpu","instanceType":"cpu","instanceSize":"x1",
                            "scaling":{"minReplica":%d,"maxReplica":%d,"scaleToZeroTimeout":null}},
                 "model":{"repository":"%s","framework":"pytorch","revision":null,"task":"text-generation",
                          "image":{"huggingface":{}}}}""".formatted(name, type, min, max, model);
    }

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body);
            }
        }

        public String state() {
            return json().path("status").path("state").asText();
        }
    }

    /** A client of one server, with a token. */
    public record Client(String base, String token) {

        public Response get(String path) {
            return send(request(path).GET());
        }

        public Response post(String path, String json) {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
        }

        public Response put(String path, String json) {
            return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
        }

        public Response delete(String path) {
            return send(request(path).DELETE());
        }

        public Client as(String otherToken) {
            return new Client(base, otherToken);
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                    .timeout(Duration.ofSeconds(120));
            if (token != null) b.header("Authorization", "Bearer " + token);
            return b;
        }

        public Response send(HttpRequest.Builder b) {
            try {
                HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Response(r.statusCode(), r.body(), r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public static Client client(HearthServer server) {
        return new Client("http://127.0.0.1:" + server.port(), ADMIN);
    }

    /**
     * An endpoint whose replica is {@code exec sleep 300}: one cheap process that never answers its health route
     * (so it stays starting), with {@code MARK} in its environment to tell which spec it was launched from.
     */
    public static String sleeperBody(String name, String mark) {
        return """
                {"name":"%s","type":"public","provider":{"vendor":"hearth","region":"local"},
                 "compute":{"accelerator":"cpu","instanceType":"cpu","instanceSize":"x1","scaling":{"minReplica":1,"maxReplica":1}},
                 "model":{"repository":"my-org/sleeper","framework":"custom","task":"text-generation","env":{"MARK":"%s"},
                          "image":{"custom":{"url":"exec sleep 300","health_route":"/health"}}}}""".formatted(name, mark);
    }

    /** The environment a process was started with, from {@code /proc/PID/environ}; empty once it is gone. */
    public static Map<String, String> environment(ProcessHandle p) {
        Map<String, String> env = new java.util.HashMap<>();
        try {
            for (String entry : Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ")).split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
            }
        } catch (IOException | SecurityException e) {
            return Map.of();
        }
        return env;
    }

    /**
     * Worker processes of the installation at {@code home} (both labels in the environment): unlike
     * {@link #replicaProcesses(String)}, never another test's that runs on the same machine at the same time.
     */
    public static List<ProcessHandle> replicaProcesses(String endpointPrefix, Path home) {
        String installation = "HEARTH_INSTALLATION=" + home.resolve("logs").toAbsolutePath().normalize() + "\0";
        return replicaProcesses(endpointPrefix).stream()
                .filter(p -> {
                    try {
                        return Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ")).contains(installation);
                    } catch (IOException | SecurityException e) {
                        return false;
                    }
                }).toList();
    }

    /** Worker processes this home's replicas run as (found by their label in the environment). */
    public static List<ProcessHandle> replicaProcesses(String endpointPrefix) {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                String env = Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"));
                return env.contains("HEARTH_REPLICA_ID=" + endpointPrefix);
            } catch (IOException | SecurityException e) {
                return false;
            }
        }).toList();
    }
}
