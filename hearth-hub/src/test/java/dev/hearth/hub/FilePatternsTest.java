package dev.hearth.hub;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** allow_patterns / ignore_patterns as huggingface_hub's filter_repo_objects applies them (fnmatch). */
class FilePatternsTest {

    static final List<String> FILES = List.of("config.json", "model-00001-of-00002.safetensors",
            "model-00002-of-00002.safetensors", "onnx/model.onnx", "onnx/config.json", "q4/model.Q4_K_M.gguf");

    @Test
    void noPatternsSelectEverything() {
        assertThat(FilePatterns.ALL.select(FILES)).isEqualTo(FILES);
    }

    @Test
    void aStarCrossesFoldersAsFnmatchDoes() {
        assertThat(new FilePatterns(List.of("*.json"), List.of()).select(FILES)).containsExactly("config.json", "onnx/config.json");
        assertThat(new FilePatterns(List.of("*Q4_K_M*"), List.of()).select(FILES)).containsExactly("q4/model.Q4_K_M.gguf");
    }

    @Test
    void aTrailingSlashMeansAFolderAndIgnoreBeatsAllow() {
        assertThat(new FilePatterns(List.of("*.json", "*.safetensors"), List.of("onnx/")).select(FILES))
                .containsExactly("config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors");
    }

    @Test
    void questionMarksAndCharacterClassesWork() {
        assertThat(new FilePatterns(List.of("model-0000[!2]-of-?????.safetensors"), List.of()).select(FILES))
                .containsExactly("model-00001-of-00002.safetensors");
        assertThat(FilePatterns.glob("a.b", "axb")).as("a dot is literal").isFalse();
    }
}
