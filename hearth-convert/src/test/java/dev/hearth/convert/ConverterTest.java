package dev.hearth.convert;

import dev.hearth.models.UnsupportedArchitectureException;
import dev.hearth.testkit.HfFolderWriter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Errors, the cache and sharded weights, without loading llama.cpp. */
class ConverterTest {
    static final LlamaSpec SPEC = LlamaSpec.tiny();
    static final Vocabulary VOCAB = Vocabulary.english().paddedTo(SPEC.nVocab());
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void anUnsupportedArchitectureIsNamedInTheError() throws Exception {
        Path folder = HfFolderWriter.write(SPEC, VOCAB, dir.resolve("gpt2"), 1);
        HfFolderWriter.writeConfig(SPEC, folder, "GPT2LMHeadModel");
        assertThatThrownBy(() -> Converter.convert(folder, Quantization.F16, dir.resolve("cache")))
                .isInstanceOf(UnsupportedArchitectureException.class)
                .hasMessageContaining("GPT2LMHeadModel")
                .hasMessageContaining("LlamaForCausalLM")
                .satisfies(e -> assertThat(((UnsupportedArchitectureException) e).architecture()).isEqualTo("GPT2LMHeadModel"));
        assertThat(dir.resolve("cache")).doesNotExist();
    }

    @Test
    void theSecondConversionReturnsTheCachedFileWithoutRewritingIt() throws Exception {
        Path folder = HfFolderWriter.write(SPEC, VOCAB, dir.resolve("tiny"), 1);
        Path cache = dir.resolve("cache");
        Path first = Converter.convert(folder, Quantization.Q8_0, cache);
        FileTime past = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(first, past);

        Path second = Converter.convert(folder, Quantization.Q8_0, cache);
        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second)).isEqualTo(past);
        assertThat(first.getFileName().toString()).startsWith("tiny-q8_0-").endsWith(".gguf");

        Path f16 = Converter.convert(folder, Quantization.F16, cache);
        assertThat(f16).isNotEqualTo(first);
        try (var files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("no partial files are left behind").allMatch(n -> n.endsWith(".gguf")).hasSize(2);
        }
    }

    @Test
    void changedWeightsAreConvertedAgain() throws Exception {
        Path folder = HfFolderWriter.write(SPEC, VOCAB, dir.resolve("tiny"), 1);
        Path first = Converter.convert(folder, Quantization.F16, dir.resolve("cache"));
        HfFolderWriter.write(SPEC.withSeed(7), VOCAB, folder, 1);
        Files.setLastModifiedTime(folder.resolve("model.safetensors"), FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));
        assertThat(Converter.convert(folder, Quantization.F16, dir.resolve("cache"))).isNotEqualTo(first);
    }

    @Test
    void aHubSnapshotIsCachedUnderItsRepoAndCommit() throws Exception {
        Path snapshot = dir.resolve("hub/models--acme--tiny-llama/snapshots/0123456789abcdef0123456789abcdef01234567");
        HfFolderWriter.write(SPEC, VOCAB, snapshot, 1);
        Path file = Converter.convert(snapshot, Quantization.F16, dir.resolve("cache"));
        assertThat(file.getFileName().toString()).startsWith("acme--tiny-llama-0123456789ab-f16-");
        assertThat(Converter.modelName(snapshot)).isEqualTo("acme/tiny-llama");
    }

    @Test
    void shardedWeightsReadTheSameTensorsAsASingleFile() throws Exception {
        Path single = HfFolderWriter.write(SPEC, VOCAB, dir.resolve("single/tiny"), 1);
        Path sharded = HfFolderWriter.write(SPEC, VOCAB, dir.resolve("sharded/tiny"), 3);
        assertThat(sharded.resolve("model-00003-of-00003.safetensors")).exists();
        try (SafetensorsModel a = SafetensorsModel.open(single, JSON); SafetensorsModel b = SafetensorsModel.open(sharded, JSON)) {
            assertThat(b.tensors().keySet()).containsExactlyInAnyOrderElementsOf(a.tensors().keySet());
            for (String name : a.tensors().keySet()) {
                SafetensorsFile.Tensor x = a.tensor(name), y = b.tensor(name);
                assertThat(y.shape()).isEqualTo(x.shape());
                float[] rx = new float[(int) x.elementCount()], ry = new float[(int) y.elementCount()];
                x.read(0, rx);
                y.read(0, ry);
                assertThat(ry).as(name).isEqualTo(rx);
            }
        }
        Path fromSingle = Converter.convert(single, Quantization.F16, dir.resolve("cache"));
        Path fromShards = Converter.convert(sharded, Quantization.F16, dir.resolve("cache"));
        assertThat(fromShards).isNotEqualTo(fromSingle); // two folders, two cache entries
        assertThat(Files.readAllBytes(fromShards)).isEqualTo(Files.readAllBytes(fromSingle));
    }

    @Test
    void aMissingIndexShardIsReported() throws Exception {
        Path sharded = HfFolderWriter.write(SPEC, VOCAB, dir.resolve("sharded"), 2);
        Files.delete(sharded.resolve("model-00002-of-00002.safetensors"));
        assertThatThrownBy(() -> SafetensorsModel.open(sharded, JSON))
                .isInstanceOf(ConversionException.class).hasMessageContaining("model-00002-of-00002.safetensors");
    }

    @Test
    void f16AndBf16TensorsWidenExactly() throws Exception {
        java.nio.ByteBuffer f16 = java.nio.ByteBuffer.allocate(6).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.nio.ByteBuffer bf16 = java.nio.ByteBuffer.allocate(6).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[] values = {1.5f, -0.25f, 65504f};
        for (float v : values) {
            f16.putShort(Float.floatToFloat16(v));
            bf16.putShort((short) (Float.floatToIntBits(v) >>> 16));
        }
        Path file = dir.resolve("mixed.safetensors");
        HfFolderWriter.writeSafetensors(file, List.of(
                new HfFolderWriter.Entry("a", "F16", new long[] {3}, f16.array()),
                new HfFolderWriter.Entry("b", "BF16", new long[] {1, 3}, bf16.array())));
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            SafetensorsFile st = SafetensorsFile.open(file, arena, JSON);
            float[] a = new float[3], b = new float[3];
            st.tensors().get("a").read(0, a);
            st.tensors().get("b").read(0, b);
            assertThat(a).containsExactly(values);
            assertThat(b).containsExactly(1.5f, -0.25f, 65280f); // bf16 keeps 8 significant bits
            assertThat(st.metadata()).containsEntry("format", "pt");
        }
    }

    @Test
    void aTensorOfAnUnsupportedDtypeIsNamed() throws Exception {
        Path file = dir.resolve("int.safetensors");
        HfFolderWriter.writeSafetensors(file, List.of(new HfFolderWriter.Entry("ids", "I64", new long[] {1}, new byte[8])));
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            assertThatThrownBy(() -> SafetensorsFile.open(file, arena, JSON))
                    .isInstanceOf(ConversionException.class).hasMessageContaining("ids").hasMessageContaining("I64");
        }
    }

    @Test
    void qAndKRowsFollowLlamaCppsPermutation() {
        assertThat(TensorNames.sourceRow(1, 8, 1)).isEqualTo(4);
        assertThat(TensorNames.sourceRow(2, 8, 1)).isEqualTo(1);
        assertThat(TensorNames.sourceRow(9, 16, 2)).isEqualTo(12);
        assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 7).stream().map(r -> TensorNames.sourceRow(r, 8, 0)).toList())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }
}
