package dev.hearth.embed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A model whose sentence-transformers config defines prompts: {@code prompt_name} prepends them. */
class PromptsTest {

    @Test
    void promptNamePrependsTheModelsPromptAndAnUnknownNameIsA422(@TempDir Path tmp) throws IOException {
        Path demo = TestServers.CACHE.resolve("sentence-transformers--all-MiniLM-L6-v2");
        dev.hearth.embed.model.DemoModel.materialize(TestServers.CACHE); // in case this test runs first
        Path model = tmp.resolve("minilm-with-prompts");
        Files.createDirectories(model.resolve("onnx"));
        Files.createDirectories(model.resolve("1_Pooling"));
        Files.createSymbolicLink(model.resolve("onnx/model.onnx"), demo.resolve("onnx/model.onnx"));
        for (String f : new String[]{"tokenizer.json", "config.json", "modules.json", "sentence_bert_config.json", "1_Pooling/config.json"}) {
            Files.copy(demo.resolve(f), model.resolve(f));
        }
        Files.writeString(model.resolve("config_sentence_transformers.json"),
                "{\"prompts\":{\"query\":\"query: \",\"passage\":\"passage: \"},\"default_prompt_name\":null}");

        EmbeddingOptions o = new EmbeddingOptions(model.toString(), java.util.Optional.of("minilm-prompts"), "127.0.0.1", 0,
                512, 16384, java.util.Optional.empty(), 32, true, 2_000_000, 0, java.util.Optional.empty(),
                java.util.Optional.empty(), TestServers.CACHE);
        try (EmbeddingWorker w = EmbeddingWorker.start(o)) {
            Http h = Http.of(w);
            float[] prompted = h.post("/embed", "{\"inputs\":\"what is a cat\",\"prompt_name\":\"query\"}").matrix()[0];
            float[] spelled = h.post("/embed", "{\"inputs\":\"query: what is a cat\"}").matrix()[0];
            for (int k = 0; k < prompted.length; k++) assertThat(prompted[k]).isCloseTo(spelled[k], within(1e-6f));
            Http.Response unknown = h.post("/embed", "{\"inputs\":\"x\",\"prompt_name\":\"doc\"}");
            assertThat(unknown.status()).isEqualTo(422);
            assertThat(unknown.json().get("error").asText()).contains("Available prompts");
            assertThat(h.post("/tokenize", "{\"inputs\":\"cat\",\"prompt_name\":\"query\"}").json().get(0)).hasSize(5);
        }
    }
}
