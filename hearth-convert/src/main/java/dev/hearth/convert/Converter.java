package dev.hearth.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.hearth.gguf.GgufValue;
import dev.hearth.models.SafetensorsLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Converts a llama-family Hugging Face folder (config.json, safetensors weights, tokenizer.json,
 * tokenizer_config.json) into a GGUF file llama.cpp serves, and caches the result.
 *
 * <p>Cache contract: the converted file for (folder identity, quantization) is
 * {@code cacheDir/<repo-or-folder>-<quantization>-<key>.gguf}, where the key hashes the converter's format
 * version, the quantization, the folder's real path, and the name, size and modification time of every
 * input file. A Hub snapshot folder ({@code models--org--name/snapshots/<commit>}) is named after its repo
 * and commit. A file under that name is complete (written to a sibling and renamed), so when it exists the
 * call returns it without reading the weights. Two processes converting the same key at once both write;
 * the last rename wins, and both files are identical.
 */
public final class Converter {
    /** Bump when the bytes a conversion produces change, so caches written by older versions are not reused. */
    static final int FORMAT_VERSION = 1;
    private static final Pattern SNAPSHOT = Pattern.compile(".*models--([^/]+)--([^/]+)/snapshots/([0-9a-fA-F]{7,64})/?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Converter() {
    }

    /**
     * The GGUF conversion of {@code hfFolder} at {@code quantization}, from {@code cacheDir} when already
     * there, else converted now. Throws {@link dev.hearth.models.UnsupportedArchitectureException} before reading weights
     * when config.json names an architecture Hearth cannot serve.
     */
    public static Path convert(Path hfFolder, Quantization quantization, Path cacheDir) {
        HfConfig config = inspect(hfFolder);
        Path target = cacheDir.resolve(cacheFileName(hfFolder, quantization));
        if (Files.isRegularFile(target)) return target;
        convertTo(hfFolder, config, quantization, target);
        return target;
    }

    /**
     * Reads config.json and checks that the folder is convertible, without touching the weights: hearth-models'
     * {@link SafetensorsLayout#inspect} (architecture, weights and tokenizer present, what the control plane checks
     * when an endpoint is created), then the hyperparameters conversion needs.
     */
    public static HfConfig inspect(Path hfFolder) {
        SafetensorsLayout.inspect(hfFolder);
        return HfConfig.parse(readJson(hfFolder.resolve("config.json"), true));
    }

    /** Converts {@code hfFolder} to {@code file} (replaced atomically), without any cache. */
    public static void convertTo(Path hfFolder, Quantization quantization, Path file) {
        convertTo(hfFolder, inspect(hfFolder), quantization, file);
    }

    private static void convertTo(Path hfFolder, HfConfig config, Quantization quantization, Path file) {
        JsonNode configJson = readJson(hfFolder.resolve("config.json"), true);
        JsonNode tokenizer = readJson(hfFolder.resolve("tokenizer.json"), true);
        JsonNode tokenizerConfig = readJson(hfFolder.resolve("tokenizer_config.json"), false);
        Optional<String> jinja = readText(hfFolder.resolve("chat_template.jinja"));
        Map<String, GgufValue> tokenizerKeys = HfTokenizer.metadata(tokenizer, tokenizerConfig, configJson, config, jinja);
        try (SafetensorsModel weights = SafetensorsModel.open(hfFolder, JSON)) {
            GgufConversion.writer(modelName(hfFolder), config, tokenizerKeys, weights, quantization).write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** {@code org/name} for a Hub snapshot folder, else the folder's own name. */
    static String modelName(Path hfFolder) {
        Matcher m = SNAPSHOT.matcher(hfFolder.toAbsolutePath().normalize().toString());
        if (m.matches()) return m.group(1) + "/" + m.group(2);
        Path name = hfFolder.toAbsolutePath().normalize().getFileName();
        return name == null ? "model" : name.toString();
    }

    /** The cache file's name: readable prefix (repo, commit, quantization) and a hash of the folder's identity. */
    static String cacheFileName(Path hfFolder, Quantization quantization) {
        Path folder = realPath(hfFolder);
        Matcher m = SNAPSHOT.matcher(folder.toString());
        if (!m.matches()) m = SNAPSHOT.matcher(hfFolder.toAbsolutePath().normalize().toString());
        String prefix = m.matches() ? m.group(1) + "--" + m.group(2) + "-" + m.group(3).substring(0, Math.min(12, m.group(3).length()))
                : folder.getFileName().toString();
        return slug(prefix) + "-" + quantization.fileTag() + "-" + identity(folder, quantization) + ".gguf";
    }

    private static String identity(Path folder, Quantization quantization) {
        try (Stream<Path> files = Files.list(folder)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            StringBuilder key = new StringBuilder("v" + FORMAT_VERSION + "\n" + quantization + "\n" + folder + "\n");
            List<Path> inputs = files.filter(Converter::isInput).sorted().toList();
            for (Path f : inputs) {
                key.append(f.getFileName()).append(' ').append(Files.size(f)).append(' ')
                        .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
            }
            return HexFormat.of().formatHex(sha.digest(key.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (IOException e) {
            throw new ConversionException("cannot list " + folder + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isInput(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".safetensors") || n.equals(SafetensorsModel.INDEX) || n.equals("config.json")
                || n.equals("tokenizer.json") || n.equals("tokenizer_config.json") || n.equals("chat_template.jinja");
    }

    private static String slug(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]+", "-").toLowerCase(Locale.ROOT);
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new ConversionException("no such folder " + p, e);
        }
    }

    private static JsonNode readJson(Path file, boolean required) {
        if (!Files.isRegularFile(file)) {
            if (required) throw new ConversionException("missing " + file);
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConversionException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> readText(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            throw new ConversionException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
