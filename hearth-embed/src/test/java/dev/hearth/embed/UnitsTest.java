package dev.hearth.embed;

import dev.hearth.embed.batch.BatchLimits;
import dev.hearth.embed.engine.Tokens;
import dev.hearth.embed.model.ModelConfig;
import dev.hearth.embed.model.Pooling;
import dev.hearth.hub.HubSettings;
import dev.hearth.models.LocatedModel;
import dev.hearth.models.ModelLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decisions that need no server: batch forming, truncation, model folder reading, model detection. */
class UnitsTest {

    @Test
    void aBatchTakesJobsInOrderWhileLongestTimesRowsFitsTheTokenBudget() {
        BatchLimits limits = new BatchLimits(100, 8);
        assertThat(limits.take(List.of(10, 10, 10))).isEqualTo(3);
        assertThat(limits.take(List.of(10, 40, 10))).isEqualTo(2); // 40 × 3 = 120 > 100
        assertThat(limits.take(List.of(300, 1))).isEqualTo(1); // an oversized job still runs, alone
        assertThat(new BatchLimits(10_000, 2).take(List.of(1, 1, 1))).isEqualTo(2);
        assertThat(limits.take(List.of())).isZero();
    }

    static Tokens tokens(long... ids) {
        int n = ids.length;
        boolean[] special = new boolean[n];
        special[0] = true;
        special[n - 1] = true;
        return new Tokens(ids, new long[n], special, new int[n], new int[n], new String[n]);
    }

    @Test
    void truncationKeepsTheTemplateTokensAndCutsTheRequestedSide() {
        Tokens t = tokens(101, 1, 2, 3, 4, 102);
        assertThat(t.truncate(4, Tokens.Side.RIGHT).ids()).containsExactly(101, 1, 2, 102);
        assertThat(t.truncate(4, Tokens.Side.LEFT).ids()).containsExactly(101, 3, 4, 102);
        assertThat(t.truncate(6, Tokens.Side.LEFT)).isSameAs(t);
        assertThat(Tokens.ofIds(new long[]{5, 6, 7}).truncate(2, Tokens.Side.LEFT).ids()).containsExactly(6, 7);
    }

    static Path folder(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("onnx"));
        Files.writeString(dir.resolve("onnx/model.onnx"), "");
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        return dir;
    }

    @Test
    void aSentenceTransformersFolderGivesPoolingNormalizeLengthAndPrompts(@TempDir Path tmp) throws IOException {
        Path dir = folder(tmp);
        Files.writeString(dir.resolve("modules.json"), """
                [{"idx":0,"path":"","type":"sentence_transformers.models.Transformer"},
                 {"idx":1,"path":"pool","type":"sentence_transformers.models.Pooling"}]""");
        Files.createDirectories(dir.resolve("pool"));
        Files.writeString(dir.resolve("pool/config.json"), "{\"pooling_mode_cls_token\":true}");
        Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"xlm-roberta\",\"max_position_embeddings\":514,\"pad_token_id\":1}");
        Files.writeString(dir.resolve("config_sentence_transformers.json"),
                "{\"prompts\":{\"query\":\"query: \"},\"default_prompt_name\":null}");
        ModelConfig c = ModelConfig.load(dir, Optional.empty());
        assertThat(c.pooling()).isEqualTo(Pooling.CLS);
        assertThat(c.normalize()).isFalse();
        assertThat(c.maxInputLength()).isEqualTo(512); // 514 less RoBERTa's position offset
        assertThat(c.prompts()).containsEntry("query", "query: ");
        assertThat(c.defaultPromptName()).isEmpty();
        assertThat(ModelConfig.load(dir, Optional.of(Pooling.LAST_TOKEN)).pooling()).isEqualTo(Pooling.LAST_TOKEN);
    }

    @Test
    void aDenseModuleIsRefusedRatherThanServedWrong(@TempDir Path tmp) throws IOException {
        Path dir = folder(tmp);
        Files.writeString(dir.resolve("modules.json"), "[{\"path\":\"2_Dense\",\"type\":\"sentence_transformers.models.Dense\"}]");
        assertThatThrownBy(() -> ModelConfig.load(dir, Optional.empty())).hasMessageContaining("Dense");
    }

    // Telling an embedding model from others, and finding Hub ids in the cache, is hearth-models' ModelLocator
    // (ModelLocatorTest); here, that the embedding worker loads what it found.

    @Test
    void theEmbeddingWorkerAndTheControlPlaneReadTheSameCacheUnderXdgCacheHome(@TempDir Path tmp) throws IOException {
        Path xdg = tmp.resolve("xdg");
        Path repo = xdg.resolve("huggingface/hub/models--BAAI--bge-small-en-v1.5");
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), "abc123\n");
        Path snapshot = folder(repo.resolve("snapshots/abc123"));
        // Both sides build their locator from HubSettings of one environment, as the composition roots do.
        java.util.Map<String, String> env = java.util.Map.of("XDG_CACHE_HOME", xdg.toString());
        ModelLocator controlPlane = new ModelLocator(HubSettings.fromEnvironment(env, tmp.resolve("home")));
        ModelLocator embeddingWorker = new ModelLocator(HubSettings.fromEnvironment(env, tmp.resolve("home")));

        assertThat(controlPlane.locate("BAAI/bge-small-en-v1.5", null)).isEqualTo(new LocatedModel.OnnxEmbedding(snapshot));
        assertThat(EmbeddingModels.resolve("BAAI/bge-small-en-v1.5", tmp.resolve("models"), embeddingWorker)).isEqualTo(snapshot);
        assertThatThrownBy(() -> EmbeddingModels.resolve("BAAI/other", tmp.resolve("models"), embeddingWorker))
                .hasMessageContaining("not an embedding model");
    }

    @Test
    void withoutAHubCacheAFolderOrAnOnnxFileInOneIsLoadedAsItIs(@TempDir Path tmp) throws IOException {
        Path dir = folder(tmp.resolve("m"));
        assertThat(EmbeddingModels.resolve(dir.toString(), tmp.resolve("models"))).isEqualTo(dir);
        assertThat(EmbeddingModels.resolve(dir.resolve("onnx/model.onnx").toString(), tmp.resolve("models")))
                .isEqualTo(dir.toAbsolutePath());
        assertThatThrownBy(() -> EmbeddingModels.resolve("BAAI/bge-small-en-v1.5", tmp.resolve("models")))
                .hasMessageContaining("not an embedding model");
    }
}
