package dev.hearth.models;

import dev.hearth.hub.HubSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a model argument names, told from real files in a real Hugging Face cache layout. */
class ModelLocatorTest {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir Path tmp;

    ModelLocator locator(boolean offline) {
        return new ModelLocator(HubSettings.fromEnvironment(Map.of("HF_HUB_CACHE", tmp.resolve("hub").toString(),
                "HF_HUB_OFFLINE", offline ? "1" : "0"), tmp));
    }

    static Path gguf(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[]{'G', 'G', 'U', 'F', 3, 0, 0, 0});
        return file;
    }

    /** A sentence-transformers folder with an ONNX export (the bytes need not be a real model to be recognised). */
    static Path onnxFolder(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("onnx"));
        Files.writeString(dir.resolve("onnx/model.onnx"), "onnx");
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        Files.writeString(dir.resolve("config.json"), "{\"architectures\":[\"BertModel\"]}");
        return dir;
    }

    static Path safetensorsFolder(Path dir, String architecture) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{\"architectures\":[\"" + architecture + "\"],\"hidden_size\":64}");
        Files.writeString(dir.resolve("model.safetensors"), "weights");
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        return dir;
    }

    /** {@code models--org--name/refs/main} → commit, and the snapshot folder made by {@code fill}. */
    Path cached(String repoId, String commit) throws IOException {
        Path repo = tmp.resolve("hub").resolve("models--" + repoId.replace("/", "--"));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), commit + "\n", StandardCharsets.UTF_8);
        return Files.createDirectories(repo.resolve("snapshots").resolve(commit));
    }

    @Test
    void aGgufFileAndAFolderHoldingOneAreGguf() throws IOException {
        Path file = gguf(tmp.resolve("m/tiny-q8_0.gguf"));
        assertThat(locator(false).locate(file.toString(), null)).isEqualTo(new LocatedModel.Gguf(file));
        assertThat(locator(false).locate(file.getParent().toString(), null)).isEqualTo(new LocatedModel.Gguf(file.getParent()));
    }

    @Test
    void forAServerARelativePathIsTheHubIdItLooksLikeNeverAFolderOfItsWorkingDirectory() {
        assertThat(Files.isDirectory(Path.of("src/main"))).as("a folder relative to the test's working directory").isTrue();
        ModelLocator server = new ModelLocator(HubSettings.fromEnvironment(
                Map.of("HF_HUB_CACHE", tmp.resolve("hub").toString()), tmp), false);
        assertThat(server.locate("src/main", null)).isEqualTo(new LocatedModel.NotDownloaded("src/main", "main"));
        assertThatThrownBy(() -> new ModelLocator(HubSettings.fromEnvironment(
                Map.of("HF_HUB_CACHE", tmp.resolve("hub").toString()), tmp)).locate("src/main", null))
                .as("a command run from a shell does read it as a folder").isInstanceOf(UnservableModelException.class);
    }

    @Test
    void aFileThatIsNotGgufIsRefusedByName() throws IOException {
        Path file = Files.writeString(tmp.resolve("model.bin"), "not gguf");
        assertThatThrownBy(() -> locator(false).locate(file.toString(), null))
                .isInstanceOf(UnservableModelException.class).hasMessageContaining("is not a GGUF file");
    }

    @Test
    void aSafetensorsFolderOfAConvertedArchitectureIsSafetensors() throws IOException {
        Path dir = safetensorsFolder(tmp.resolve("llama"), "LlamaForCausalLM");
        assertThat(locator(false).locate(dir.toString(), null))
                .isEqualTo(new LocatedModel.Safetensors(dir, "LlamaForCausalLM"));
    }

    @Test
    void aSafetensorsFolderOfAnotherArchitectureIsRefusedNamingIt() throws IOException {
        Path dir = safetensorsFolder(tmp.resolve("gpt2"), "GPT2LMHeadModel");
        assertThatThrownBy(() -> locator(false).locate(dir.toString(), null))
                .isInstanceOf(UnsupportedArchitectureException.class)
                .hasMessageContaining("GPT2LMHeadModel").hasMessageContaining("LlamaForCausalLM")
                .satisfies(e -> assertThat(((UnsupportedArchitectureException) e).architecture()).isEqualTo("GPT2LMHeadModel"));
    }

    @Test
    void aSafetensorsFolderWithoutWeightsOrTokenizerIsRefused() throws IOException {
        Path dir = safetensorsFolder(tmp.resolve("llama"), "LlamaForCausalLM");
        Files.delete(dir.resolve("tokenizer.json"));
        assertThatThrownBy(() -> locator(false).locate(dir.toString(), null)).hasMessageContaining("tokenizer.json");
        Files.delete(dir.resolve("model.safetensors"));
        assertThatThrownBy(() -> locator(false).locate(dir.toString(), null)).hasMessageContaining("no safetensors weights");
    }

    @Test
    void aFolderWithNothingServableIsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> locator(false).locate(dir.toString(), null))
                .hasMessageContaining("holds no GGUF file, no config.json and no ONNX model");
    }

    @Test
    void embeddingModelsAreTheDemoIdAndFoldersWithAnOnnxModel() throws IOException {
        ModelLocator models = locator(false);
        Path folder = onnxFolder(tmp.resolve("m"));
        assertThat(models.isEmbeddingModel("sentence-transformers/all-MiniLM-L6-v2")).isTrue();
        assertThat(models.isEmbeddingModel("all-MiniLM-L6-v2")).isTrue();
        assertThat(models.isEmbeddingModel(folder.toString())).isTrue();
        assertThat(models.isEmbeddingModel(tmp.resolve("m/onnx/model.onnx").toString())).isTrue();
        assertThat(models.isEmbeddingModel(tmp.toString())).isFalse();
        assertThat(models.isEmbeddingModel("model.gguf")).isFalse();
        assertThat(models.isEmbeddingModel("TinyLlama/TinyLlama-1.1B-Chat-v1.0")).isFalse();
        assertThat(models.locate(tmp.resolve("m/onnx/model.onnx").toString(), null))
                .isEqualTo(new LocatedModel.OnnxEmbedding(folder.toAbsolutePath()));
    }

    @Test
    void aHubIdIsFoundInTheHuggingFaceCacheSnapshot() throws IOException {
        Path snapshot = cached("BAAI/bge-small-en-v1.5", "abc123");
        onnxFolder(snapshot);
        assertThat(locator(false).locate("BAAI/bge-small-en-v1.5", null)).isEqualTo(new LocatedModel.OnnxEmbedding(snapshot));
        assertThat(locator(false).embedding("BAAI/other", null)).isEmpty();
    }

    @Test
    void aCachedHubIdIsJudgedByItsSnapshotAtTheRevisionAsked() throws IOException {
        Path main = cached("acme/tiny", COMMIT);
        gguf(main.resolve("tiny-q8_0.gguf"));
        String other = "fedcba9876543210fedcba9876543210fedcba98";
        Path pinned = Files.createDirectories(main.getParent().resolve(other));
        safetensorsFolder(pinned, "Qwen2ForCausalLM");
        assertThat(locator(false).locate("acme/tiny", null)).isEqualTo(new LocatedModel.Gguf(main));
        assertThat(locator(false).locate("acme/tiny", "main")).isEqualTo(new LocatedModel.Gguf(main));
        assertThat(locator(false).locate("acme/tiny", other)).isEqualTo(new LocatedModel.Safetensors(pinned, "Qwen2ForCausalLM"));
    }

    @Test
    void aHubIdNotInTheCacheIsToDownloadOnlineAndRefusedOffline() {
        assertThat(locator(false).locate("acme/absent", "v1")).isEqualTo(new LocatedModel.NotDownloaded("acme/absent", "v1"));
        assertThatThrownBy(() -> locator(true).locate("acme/absent", null))
                .isInstanceOf(UnservableModelException.class)
                .hasMessageContaining("HF_HUB_OFFLINE=1").hasMessageContaining(tmp.resolve("hub").toString());
    }

    @Test
    void theBuiltInEmbeddingIdIsBuiltInUnlessTheCacheHoldsTheRealRepository() throws IOException {
        assertThat(locator(true).locate("sentence-transformers/all-MiniLM-L6-v2", null))
                .isEqualTo(new LocatedModel.BuiltInEmbedding("sentence-transformers/all-MiniLM-L6-v2"));
        Path snapshot = onnxFolder(cached("sentence-transformers/all-MiniLM-L6-v2", COMMIT));
        assertThat(locator(true).locate("sentence-transformers/all-MiniLM-L6-v2", null))
                .isEqualTo(new LocatedModel.OnnxEmbedding(snapshot));
    }

    @Test
    void aRefThatPointsOutsideTheSnapshotsIsNotFollowed() throws IOException {
        Path repo = tmp.resolve("hub/models--acme--evil");
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), "../../../m");
        gguf(tmp.resolve("m/x.gguf"));
        assertThat(locator(false).locate("acme/evil", null)).isEqualTo(new LocatedModel.NotDownloaded("acme/evil", "main"));
        assertThat(locator(false).locate("acme/evil", "../x")).isInstanceOf(LocatedModel.NotDownloaded.class);
    }

    @Test
    void nothingAndNonsenseAreRefused() {
        assertThatThrownBy(() -> locator(false).locate(" ", null)).isInstanceOf(UnservableModelException.class);
        assertThatThrownBy(() -> locator(false).locate("a\0b", null)).hasMessageContaining("not a valid path");
        assertThatThrownBy(() -> locator(false).locate("/no/such/model.gguf", null)).hasMessageContaining("does not exist");
    }

    @Test
    void theCacheIsTheOneHubSettingsResolvesFromXdgCacheHome() throws IOException {
        Path xdg = tmp.resolve("xdg");
        ModelLocator models = new ModelLocator(HubSettings.fromEnvironment(Map.of("XDG_CACHE_HOME", xdg.toString()), tmp));
        assertThat(models.cacheDir()).isEqualTo(xdg.resolve("huggingface/hub"));
        Path repo = xdg.resolve("huggingface/hub/models--acme--tiny");
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), COMMIT);
        Path file = gguf(repo.resolve("snapshots").resolve(COMMIT).resolve("t.gguf"));
        assertThat(models.locate("acme/tiny", null)).isEqualTo(new LocatedModel.Gguf(file.getParent()));
    }
}
