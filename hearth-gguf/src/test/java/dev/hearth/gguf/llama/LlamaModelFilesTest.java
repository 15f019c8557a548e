package dev.hearth.gguf.llama;

import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.GgufTestReader;
import dev.hearth.gguf.GgufValue;
import dev.hearth.gguf.GgufWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LlamaModelFilesTest {
    private static final LlamaSpec TINY = LlamaSpec.tiny();
    private static final Vocabulary VOCAB = Vocabulary.withChatTokens().paddedTo(TINY.nVocab());

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(GgmlType.class)
    void the_file_holds_exactly_the_weights_the_reference_computes_with(GgmlType type) throws IOException {
        Path file = LlamaModelFiles.writeGguf(TINY, VOCAB, type, dir.resolve("tiny.gguf"));
        GgufTestReader gguf = GgufTestReader.read(file);
        LlamaWeights weights = LlamaWeights.generate(TINY, type);

        assertThat(gguf.values("token_embd.weight")).containsExactly(weights.tokenEmbd());
        assertThat(gguf.values("output.weight")).containsExactly(weights.output());
        assertThat(gguf.values("output_norm.weight")).containsExactly(weights.outputNorm());
        LlamaWeights.Layer last = weights.layers().get(TINY.nLayer() - 1);
        String p = "blk." + (TINY.nLayer() - 1) + ".";
        assertThat(gguf.values(p + "attn_q.weight")).containsExactly(last.wq());
        assertThat(gguf.values(p + "attn_k.weight")).containsExactly(last.wk());
        assertThat(gguf.values(p + "attn_v.weight")).containsExactly(last.wv());
        assertThat(gguf.values(p + "attn_output.weight")).containsExactly(last.wo());
        assertThat(gguf.values(p + "ffn_gate.weight")).containsExactly(last.wGate());
        assertThat(gguf.values(p + "ffn_up.weight")).containsExactly(last.wUp());
        assertThat(gguf.values(p + "ffn_down.weight")).containsExactly(last.wDown());
        assertThat(gguf.values(p + "attn_norm.weight")).containsExactly(last.attnNorm());
        assertThat(gguf.values(p + "ffn_norm.weight")).containsExactly(last.ffnNorm());
    }

    @Test
    void tensors_have_llama_names_shapes_and_types() throws IOException {
        GgufTestReader gguf = GgufTestReader.read(
                LlamaModelFiles.writeGguf(TINY, VOCAB, GgmlType.Q4_0, dir.resolve("q4.gguf")));
        int n = TINY.nEmbd();
        int kv = TINY.kvDim();
        assertThat(gguf.tensors()).hasSize(3 + 9 * TINY.nLayer());
        assertShape(gguf, "token_embd.weight", GgmlType.Q4_0, n, TINY.nVocab());
        assertShape(gguf, "blk.0.attn_norm.weight", GgmlType.F32, n);
        assertShape(gguf, "blk.0.attn_q.weight", GgmlType.Q4_0, n, n);
        assertShape(gguf, "blk.0.attn_k.weight", GgmlType.Q4_0, n, kv);
        assertShape(gguf, "blk.0.attn_v.weight", GgmlType.Q4_0, n, kv);
        assertShape(gguf, "blk.0.attn_output.weight", GgmlType.Q4_0, n, n);
        assertShape(gguf, "blk.1.ffn_norm.weight", GgmlType.F32, n);
        assertShape(gguf, "blk.1.ffn_gate.weight", GgmlType.Q4_0, n, TINY.nFf());
        assertShape(gguf, "blk.1.ffn_up.weight", GgmlType.Q4_0, n, TINY.nFf());
        assertShape(gguf, "blk.1.ffn_down.weight", GgmlType.Q4_0, TINY.nFf(), n);
        assertShape(gguf, "output_norm.weight", GgmlType.F32, n);
        assertShape(gguf, "output.weight", GgmlType.Q4_0, n, TINY.nVocab());
        for (GgufTestReader.Info t : gguf.tensors()) {
            assertThat(t.offset() % 32).as(t.name()).isZero();
        }
    }

    @Test
    void metadata_describes_the_llama_architecture_with_the_types_llama_cpp_reads() throws IOException {
        Map<String, GgufValue> kv = GgufTestReader.read(LlamaModelFiles.writeGguf(TINY, VOCAB, GgmlType.Q8_0,
                dir.resolve("meta.gguf"), Map.of("tokenizer.chat_template", Vocabulary.CHATML_TEMPLATE))).metadata();
        assertThat(kv.get("general.architecture")).isEqualTo(GgufValue.str("llama"));
        assertThat(kv.get("general.file_type")).isEqualTo(GgufValue.u32(7));
        assertThat(kv.get("llama.context_length")).isEqualTo(GgufValue.u32(512));
        assertThat(kv.get("llama.embedding_length")).isEqualTo(GgufValue.u32(64));
        assertThat(kv.get("llama.block_count")).isEqualTo(GgufValue.u32(2));
        assertThat(kv.get("llama.feed_forward_length")).isEqualTo(GgufValue.u32(128));
        assertThat(kv.get("llama.attention.head_count")).isEqualTo(GgufValue.u32(4));
        assertThat(kv.get("llama.attention.head_count_kv")).isEqualTo(GgufValue.u32(2));
        assertThat(kv.get("llama.rope.dimension_count")).isEqualTo(GgufValue.u32(16));
        assertThat(kv.get("llama.rope.freq_base")).isEqualTo(GgufValue.f32(10000.0));
        assertThat(kv.get("llama.attention.layer_norm_rms_epsilon")).isEqualTo(GgufValue.f32(1e-5));
        assertThat(kv.get("tokenizer.ggml.model")).isEqualTo(GgufValue.str("llama"));
        assertThat(((GgufValue.Array) kv.get("tokenizer.ggml.tokens")).elements()).hasSize(TINY.nVocab());
        assertThat(kv.get("tokenizer.chat_template")).isEqualTo(GgufValue.str(Vocabulary.CHATML_TEMPLATE));
    }

    @Test
    void the_one_billion_layout_is_planned_without_generating_weights() {
        LlamaSpec big = LlamaSpec.tinyLlama1B();
        Vocabulary vocab = Vocabulary.english().paddedTo(big.nVocab());
        var infos = LlamaModelFiles.writer(big, vocab, GgmlType.Q4_0, Map.of()).tensorInfos();
        long bytes = infos.stream().mapToLong(GgufWriter.TensorInfo::nbytes).sum();
        assertThat(big.parameterCount()).isBetween(1_090_000_000L, 1_110_000_000L);
        long normParams = (2L * big.nLayer() + 1) * big.nEmbd();
        assertThat(bytes).isEqualTo((big.parameterCount() - normParams) / 32 * 18 + normParams * 4);
    }

    @Test
    void a_vocabulary_of_the_wrong_size_is_rejected() {
        assertThatThrownBy(() -> LlamaModelFiles.writeGguf(TINY, Vocabulary.english(), GgmlType.F32,
                dir.resolve("x.gguf"))).hasMessageContaining("paddedTo");
    }

    private static void assertShape(GgufTestReader gguf, String name, GgmlType type, long... dims) {
        GgufTestReader.Info t = gguf.tensor(name);
        assertThat(t.dims()).as(name).containsExactly(dims);
        assertThat(t.type()).as(name).isEqualTo(type.id());
    }
}
