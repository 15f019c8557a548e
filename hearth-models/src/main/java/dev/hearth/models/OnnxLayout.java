package dev.hearth.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a sentence-transformers folder keeps its ONNX export: {@code onnx/model.onnx}, else {@code model.onnx}, with
 * {@code tokenizer.json} at the top of the folder. Such a folder is an embedding model Hearth serves.
 */
public final class OnnxLayout {

    private OnnxLayout() {}

    /** The ONNX file of a folder, or empty when it holds none at the two places sentence-transformers uses. */
    public static Optional<Path> findOnnx(Path folder) {
        for (Path p : new Path[]{folder.resolve("onnx/model.onnx"), folder.resolve("model.onnx")}) {
            if (Files.isRegularFile(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Whether {@code dir} holds an ONNX model and a tokenizer.json. */
    public static boolean isModelFolder(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("tokenizer.json")) && findOnnx(dir).isPresent();
    }

    /**
     * The model folder an {@code .onnx} file belongs to ({@code dir/model.onnx} or {@code dir/onnx/model.onnx} →
     * {@code dir}), or the folder itself; empty when that is not an ONNX model folder.
     */
    public static Optional<Path> modelFolderOf(Path fileOrFolder) {
        Path p = fileOrFolder;
        if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".onnx")) {
            Path dir = p.toAbsolutePath().getParent();
            if (dir.getFileName() != null && dir.getFileName().toString().equals("onnx")) dir = dir.getParent();
            p = dir;
        }
        return isModelFolder(p) ? Optional.of(p) : Optional.empty();
    }
}
