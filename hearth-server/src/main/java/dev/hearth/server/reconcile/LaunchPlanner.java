package dev.hearth.server.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.models.LocatedModel;
import dev.hearth.models.ModelLocator;
import dev.hearth.models.UnservableModelException;
import dev.hearth.models.UnsupportedArchitectureException;
import dev.hearth.server.endpoint.CustomCommands;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointRequests;
import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.endpoint.Hardware;
import dev.hearth.server.endpoint.ReservedEnvKeys;
import dev.hearth.server.gateway.Route;
import dev.hearth.server.provider.ReplicaLaunch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an endpoint spec into the command a replica runs: Hearth's own worker for the built-in images, or the
 * custom image's {@code url} run as a shell command (with {@code PORT} and {@code MODEL_ID} in its environment).
 * Secrets reach the replica as environment variables, as on Inference Endpoints. What the model is, and whether it
 * can be served, is hearth-models' {@link ModelLocator}: the worker command asks the same question of the same cache.
 */
public final class LaunchPlanner {

    /** The port a custom image serves on when its spec names none, as on Inference Endpoints. */
    static final int DEFAULT_CUSTOM_PORT = 80;

    private final List<String> workerCommand;
    private final ModelLocator models;
    private final Hardware hardware;
    private final CustomCommands customCommands;

    /**
     * @param workerCommand  argv that runs {@code hearth worker} (the CLI passes java, its flags and classpath)
     * @param customCommands whether this server runs custom images at all; checked again at launch, so an endpoint
     *                       stored while they were allowed does not run once the server is started without the opt-in
     */
    public LaunchPlanner(List<String> workerCommand, ModelLocator models, Hardware hardware, CustomCommands customCommands) {
        this.workerCommand = List.copyOf(workerCommand);
        this.models = models;
        this.hardware = hardware;
        this.customCommands = customCommands;
    }

    /** Checks that the spec can be launched (model found, hardware offered); the message says why not. */
    public void check(EndpointSpec spec) {
        threads(spec);
        if (spec.model().customImage() != null) return;
        if (embedding(spec)) {
            if (!models.isEmbeddingModel(spec.model().repository())) {
                throw new IllegalArgumentException("model.repository \"" + spec.model().repository() + "\" is not an embedding model "
                        + "Hearth can serve: a folder with model.onnx (or onnx/model.onnx) and tokenizer.json, a Hub id in the local "
                        + "Hugging Face cache with those files, or " + LocatedModel.BuiltInEmbedding.ID + " (built in)");
            }
            return;
        }
        LocatedModel model = locate(spec);
        if (model.isEmbedding()) {
            throw new IllegalArgumentException("model.repository \"" + spec.model().repository() + "\" is an embedding model; "
                    + "task " + spec.model().task() + " needs a GGUF or safetensors model");
        }
    }

    /** The embedding runtime serves the embedding tasks, and an ONNX embedding model given without a task. */
    boolean embedding(EndpointSpec spec) {
        String task = spec.model().task();
        if (task != null) return EndpointRequests.EMBEDDING_TASKS.contains(task);
        return models.isEmbeddingModel(spec.model().repository());
    }

    /** The model of a text-generation endpoint; the message names {@code model.repository} when it cannot be served. */
    private LocatedModel locate(EndpointSpec spec) {
        String repository = spec.model().repository();
        try {
            return models.locate(repository, spec.model().revision());
        } catch (UnsupportedArchitectureException e) {
            throw new IllegalArgumentException("model.repository \"" + repository + "\" cannot be served: " + e.getMessage(), e);
        } catch (UnservableModelException e) {
            throw new IllegalArgumentException("model.repository " + e.getMessage(), e);
        }
    }

    /**
     * The launch of one replica: version {@code version} of the endpoint's incarnation {@code incarnation}. Refuses (IllegalArgumentException, the endpoint fails with the message) a custom
     * image on a server without the opt-in, and reserved environment names: both are refused when a spec is accepted,
     * and checked again here for specs stored before those rules existed.
     */
    public ReplicaLaunch plan(EndpointId id, String incarnation, String replicaId, long version, EndpointSpec spec) {
        Map<String, String> env = new LinkedHashMap<>(spec.model().env());
        env.putAll(spec.model().secrets());
        ObjectNode custom = spec.model().customImage();
        if (custom != null && !customCommands.enabled()) {
            throw new IllegalArgumentException("model.image.custom is not allowed on this server: start it with "
                    + "--allow-custom-commands (or HEARTH_ALLOW_CUSTOM_COMMANDS=true) to run custom commands");
        }
        List<String> command = new ArrayList<>();
        if (custom != null) {
            custom.path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        for (String key : env.keySet()) {
            ReservedEnvKeys.reason(key).ifPresent(why -> {
                throw new IllegalArgumentException("the environment may not set " + key + ": " + why);
            });
        }
        if (custom != null) {
            env.put("MODEL_ID", spec.model().repository());
            command.addAll(List.of("/bin/sh", "-c", custom.path("url").asText()));
        } else if (embedding(spec)) {
            // The worker resolves embedding models itself (folder, Hub cache, or the built-in MiniLM).
            env.put("MODEL_ID", spec.model().repository());
            command.addAll(workerCommand);
            command.addAll(List.of("--model", spec.model().repository(), "--model-id", servedName(spec),
                    "--hostname", ReplicaLaunch.HOST, "--port", ReplicaLaunch.PORT, "--threads", Integer.toString(threads(spec))));
        } else {
            // A Hub id not yet in the cache is downloaded by the replica itself, while it reports 503 on its health
            // route; its log lines ("downloading ... 40%") become the endpoint's status message meanwhile.
            String model = switch (locate(spec)) {
                case LocatedModel.Gguf gguf -> gguf.path().toString();
                case LocatedModel.Safetensors safetensors -> safetensors.folder().toString();
                default -> spec.model().repository(); // a Hub id still to download
            };
            env.put("MODEL_ID", model);
            command.addAll(workerCommand);
            if (spec.model().revision() != null) command.addAll(List.of("--revision", spec.model().revision()));
            command.addAll(List.of("--model", model, "--model-id", servedName(spec),
                    "--hostname", ReplicaLaunch.HOST, "--port", ReplicaLaunch.PORT, "--threads", Integer.toString(threads(spec))));
            if (spec.model().args() != null) command.addAll(spec.model().args());
        }
        ReplicaLaunch.CustomImage image = custom == null ? null
                : new ReplicaLaunch.CustomImage(custom.path("url").asText(), custom.path("port").asInt(DEFAULT_CUSTOM_PORT));
        return new ReplicaLaunch(id, incarnation, replicaId, version, command, env, spec.healthRoute(), resources(spec), image);
    }

    /**
     * The name a replica reports ({@code /info}'s {@code model_id}, {@code /v1/models}): the Hub id as given, or only
     * the file or folder name of a local path, so that callers of a public endpoint learn nothing of the host's
     * folders.
     */
    static String servedName(EndpointSpec spec) {
        String repository = spec.model().repository();
        try {
            java.nio.file.Path path = java.nio.file.Path.of(repository);
            if (path.isAbsolute() && path.getFileName() != null) return path.getFileName().toString();
        } catch (java.nio.file.InvalidPathException notAPath) {
            // a Hub id, or something the checks refused
        }
        return repository;
    }

    /**
     * How many requests one replica of {@code spec} admits before its 429, and how many replicas it may have: the
     * worker's {@code --max-concurrent-requests} (given in {@code model.args}, else TGI's 128 or TEI's 512). A custom
     * command's admission is unknown, so it is not capped.
     */
    public Route.Capacity capacity(EndpointSpec spec) {
        int maxReplicas = Math.max(1, spec.compute().scaling().maxReplica());
        if (spec.model().customImage() != null) return new Route.Capacity(Integer.MAX_VALUE, maxReplicas);
        int perReplica = embedding(spec) ? 512 : 128;
        List<String> args = spec.model().args() == null ? List.of() : spec.model().args();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = a.startsWith("--max-concurrent-requests=") ? a.substring(a.indexOf('=') + 1)
                    : a.equals("--max-concurrent-requests") && i + 1 < args.size() ? args.get(i + 1) : null;
            if (value != null && value.matches("[0-9]{1,9}") && Integer.parseInt(value) > 0) perReplica = Integer.parseInt(value);
        }
        return new Route.Capacity(perReplica, maxReplicas);
    }

    /** What the instance size asks for: its threads, and one GPU when the accelerator is {@code gpu}. */
    ReplicaLaunch.Resources resources(EndpointSpec spec) {
        int gpus = "gpu".equals(spec.compute().accelerator()) ? 1 : 0;
        return new ReplicaLaunch.Resources(threads(spec), gpus);
    }

    private int threads(EndpointSpec spec) {
        var c = spec.compute();
        return hardware.find(spec.provider().vendor(), spec.provider().region(), c.accelerator(), c.instanceType(), c.instanceSize())
                .orElseThrow(() -> new IllegalArgumentException("compute " + spec.provider().vendor() + "/" + spec.provider().region()
                        + "/" + c.accelerator() + "/" + c.instanceType() + "/" + c.instanceSize() + " is not offered here; "
                        + hardware.describeValid()))
                .threads();
    }
}
