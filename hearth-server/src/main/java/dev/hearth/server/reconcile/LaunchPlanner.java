package dev.hearth.server.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.models.LocatedModel;
import dev.hearth.models.ModelLocator;
import dev.hearth.models.UnservableModelException;
import dev.hearth.models.UnsupportedArchitectureException;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointRequests;
import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.endpoint.Hardware;
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

    private final List<String> workerCommand;
    private final ModelLocator models;
    private final Hardware hardware;

    /** @param workerCommand argv that runs {@code hearth worker} (the CLI passes java, its flags and classpath) */
    public LaunchPlanner(List<String> workerCommand, ModelLocator models, Hardware hardware) {
        this.workerCommand = List.copyOf(workerCommand);
        this.models = models;
        this.hardware = hardware;
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

    /** The launch of {@code spec}, version {@code version} of the endpoint's incarnation {@code incarnation}. */
    public ReplicaLaunch plan(EndpointId id, String incarnation, String replicaId, long version, EndpointSpec spec) {
        Map<String, String> env = new LinkedHashMap<>(spec.model().env());
        env.putAll(spec.model().secrets());
        ObjectNode custom = spec.model().customImage();
        List<String> command = new ArrayList<>();
        if (custom != null) {
            custom.path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
            env.put("MODEL_ID", spec.model().repository());
            command.addAll(List.of("/bin/sh", "-c", custom.path("url").asText()));
        } else if (embedding(spec)) {
            // The worker resolves embedding models itself (folder, Hub cache, or the built-in MiniLM).
            env.put("MODEL_ID", spec.model().repository());
            command.addAll(workerCommand);
            command.addAll(List.of("--model", spec.model().repository(), "--model-id", spec.model().repository(),
                    "--hostname", "127.0.0.1", "--port", "{port}", "--threads", Integer.toString(threads(spec))));
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
            command.addAll(List.of("--model", model, "--model-id", spec.model().repository(),
                    "--hostname", "127.0.0.1", "--port", "{port}", "--threads", Integer.toString(threads(spec))));
            if (spec.model().args() != null) command.addAll(spec.model().args());
        }
        return new ReplicaLaunch(id, incarnation, replicaId, version, command, env, spec.healthRoute());
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
