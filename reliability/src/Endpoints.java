import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The endpoints a suite creates, in one namespace: bodies as huggingface_hub sends them, waiting for states, and a
 * clean-up that deletes every one and waits until their replica processes are gone.
 */
final class Endpoints {

    final Http api;
    final String namespace;
    final String model;
    private final List<String> created = new ArrayList<>();

    Endpoints(Http api, String namespace, String model) {
        this.api = api;
        this.namespace = namespace;
        this.model = model;
    }

    /** The namespace of a token, as clients find it (GET /api/whoami-v2). */
    static String namespaceOf(Http api) {
        Http.Res r = api.get("/api/whoami-v2");
        String name = Json.str(r.json(), "name");
        if (r.status() != 200 || name == null) {
            throw new IllegalStateException("GET /api/whoami-v2 answered " + r.status() + " " + r.body()
                    + ": is --url right, and --token valid?");
        }
        return name;
    }

    /** A name no other run uses: the suite's prefix and a random suffix. */
    static String uniqueName(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
    }

    static Map<String, Object> body(String name, String model, int min, int max, String type, Map<String, String> env) {
        Map<String, Object> scaling = new LinkedHashMap<>();
        scaling.put("minReplica", (long) min);
        scaling.put("maxReplica", (long) max);
        scaling.put("scaleToZeroTimeout", null);
        Map<String, Object> modelNode = new LinkedHashMap<>();
        modelNode.put("repository", model);
        modelNode.put("framework", "pytorch");
        modelNode.put("revision", null);
        modelNode.put("task", "text-generation");
        modelNode.put("image", Map.of("huggingface", Map.of()));
        if (env != null) modelNode.put("env", new LinkedHashMap<>(env));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("type", type);
        b.put("accountId", null);
        b.put("provider", Map.of("vendor", "hearth", "region", "local"));
        b.put("compute", new LinkedHashMap<>(Map.of("accelerator", "cpu", "instanceType", "cpu", "instanceSize", "x1",
                "scaling", scaling)));
        b.put("model", modelNode);
        return b;
    }

    String path(String name) {
        return "/v2/endpoint/" + namespace + "/" + name;
    }

    String gateway(String name) {
        return "/endpoints/" + namespace + "/" + name;
    }

    Http.Res create(String name, int min, int max, String type) {
        return create(name, min, max, type, null);
    }

    Http.Res create(String name, int min, int max, String type, Map<String, String> env) {
        return createRaw(name, Json.write(body(name, model, min, max, type, env)));
    }

    Http.Res createRaw(String name, String json) {
        Http.Res r = api.post("/v2/endpoint/" + namespace, json);
        if (r.status() / 100 == 2) track(name);
        return r;
    }

    synchronized void track(String name) {
        if (!created.contains(name)) created.add(name);
    }

    Object get(String name) {
        return api.get(path(name)).json();
    }

    /**
     * Until the endpoint is running with every target replica ready and its health route answers through the
     * gateway; returns the milliseconds that took, or -1 when it did not within {@code limit} (or failed).
     */
    long waitRunning(String name, Duration limit) {
        long t0 = System.nanoTime();
        long deadline = t0 + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Object e = get(name);
            String state = Json.str(e, "status.state");
            if ("failed".equals(state)) return -1;
            long ready = Json.num(e, "status.readyReplica", -1);
            long target = Json.num(e, "status.targetReplica", -2);
            if ("running".equals(state) && ready == target && ready > 0 && api.get(gateway(name) + "/health").status() == 200) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            sleep(200);
        }
        return -1;
    }

    /** Until the endpoint's state is {@code state}; the milliseconds it took, or -1. */
    long waitState(String name, String state, Duration limit) {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < limit.toNanos()) {
            if (state.equals(Json.str(get(name), "status.state"))) return (System.nanoTime() - t0) / 1_000_000;
            sleep(200);
        }
        return -1;
    }

    /** Until the endpoint has exactly {@code count} live replica processes; the milliseconds it took, or -1. */
    long waitReplicaProcesses(String name, int count, Duration limit) {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < limit.toNanos()) {
            if (Replicas.of(namespace, name).size() == count) return (System.nanoTime() - t0) / 1_000_000;
            sleep(200);
        }
        return -1;
    }

    String generate(int tokens) {
        return "{\"inputs\":\"Hello\",\"parameters\":{\"max_new_tokens\":" + tokens + "}}";
    }

    Http.Res delete(String name) {
        return api.delete(path(name));
    }

    /** Deletes what this suite created and waits (up to 30 s) until no replica of those endpoints runs. */
    void cleanUp(Report report) {
        List<String> names;
        synchronized (this) {
            names = List.copyOf(created);
        }
        for (String name : names) delete(name);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Replicas.Proc> left = List.of();
        while (System.nanoTime() < deadline) {
            left = Replicas.all().stream().filter(p -> names.stream()
                    .anyMatch(n -> p.id().startsWith(namespace + "." + n + "."))).filter(Replicas.Proc::alive).toList();
            if (left.isEmpty()) break;
            sleep(250);
        }
        if (!names.isEmpty()) {
            report.check(left.isEmpty(), "clean-up: " + names.size() + " endpoint(s) deleted, no replica process left"
                    + (left.isEmpty() ? "" : " (still running: " + left.stream().map(p -> p.id() + "/" + p.pid()).toList() + ")"));
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
