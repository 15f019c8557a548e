package dev.hearth.convert;

import dev.hearth.models.SafetensorsLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * All the weights of a Hugging Face folder: {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json}'s {@code weight_map} names. Closing it unmaps every file.
 */
public final class SafetensorsModel implements AutoCloseable {
    public static final String SINGLE = SafetensorsLayout.SINGLE;
    public static final String INDEX = SafetensorsLayout.INDEX;

    private final Arena arena;
    private final Map<String, SafetensorsFile.Tensor> tensors;

    private SafetensorsModel(Arena arena, Map<String, SafetensorsFile.Tensor> tensors) {
        this.arena = arena;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Whether {@code folder} holds safetensors weights this class can open. */
    public static boolean present(Path folder) {
        return SafetensorsLayout.hasWeights(folder);
    }

    public static SafetensorsModel open(Path folder, ObjectMapper json) {
        Arena arena = Arena.ofShared();
        try {
            Map<String, SafetensorsFile.Tensor> tensors = new LinkedHashMap<>();
            Path index = folder.resolve(INDEX);
            if (Files.isRegularFile(index)) {
                JsonNode weightMap = json.readTree(index.toFile()).path("weight_map");
                if (!weightMap.isObject() || weightMap.isEmpty()) {
                    throw new ConversionException(index + ": no weight_map");
                }
                TreeSet<String> shards = new TreeSet<>();
                weightMap.forEach(v -> shards.add(v.asText()));
                Map<String, SafetensorsFile> opened = new LinkedHashMap<>();
                for (String shard : shards) {
                    Path shardFile = folder.resolve(shard).normalize();
                    if (!shardFile.startsWith(folder.normalize())) {
                        throw new ConversionException(index + ": shard " + shard + " lies outside the folder");
                    }
                    if (!Files.isRegularFile(shardFile)) throw new ConversionException(index + ": missing shard " + shard);
                    opened.put(shard, SafetensorsFile.open(shardFile, arena, json));
                }
                for (var e : (Iterable<Map.Entry<String, JsonNode>>) weightMap::fields) {
                    SafetensorsFile.Tensor t = opened.get(e.getValue().asText()).tensors().get(e.getKey());
                    if (t == null) {
                        throw new ConversionException(index + ": " + e.getKey() + " is not in " + e.getValue().asText());
                    }
                    tensors.put(e.getKey(), t);
                }
            } else if (Files.isRegularFile(folder.resolve(SINGLE))) {
                tensors.putAll(SafetensorsFile.open(folder.resolve(SINGLE), arena, json).tensors());
            } else {
                throw new ConversionException(folder + " holds neither " + SINGLE + " nor " + INDEX);
            }
            return new SafetensorsModel(arena, tensors);
        } catch (IOException e) {
            arena.close();
            throw new ConversionException("cannot read " + folder.resolve(INDEX) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Every tensor by HF name. */
    public Map<String, SafetensorsFile.Tensor> tensors() {
        return tensors;
    }

    public SafetensorsFile.Tensor tensor(String name) {
        SafetensorsFile.Tensor t = tensors.get(name);
        if (t == null) throw new ConversionException("missing tensor " + name);
        return t;
    }

    @Override
    public void close() {
        arena.close();
    }
}
