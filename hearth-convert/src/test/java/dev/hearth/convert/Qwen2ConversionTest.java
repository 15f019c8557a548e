package dev.hearth.convert;

import dev.hearth.testkit.HfFolderWriter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.engine.llama.LlamaLibrary;
import dev.hearth.engine.llama.LlamaRuntime;
import dev.hearth.engine.llama.NativeLibraries;
import dev.hearth.gguf.llama.LlamaSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Qwen2-style folder (arch {@code qwen2}, Q/K/V biases, byte-level BPE tokenizer.json) converts to a GGUF
 * that llama.cpp loads, tokenizes with the gpt2 tokenizer and the qwen2 pre-tokenizer, and generates from.
 * There is no direct-GGUF twin for qwen2 in the testkit, so this checks loading and tokenization only.
 */
class Qwen2ConversionTest {
    static final LlamaSpec SPEC = LlamaSpec.tiny();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String QWEN2_SPLIT = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final List<String> MERGES = List.of("h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or", "Ġwor l", "Ġworl d");
    static final int FIRST_MERGED = 256;
    static final int ENDOFTEXT = SPEC.nVocab() - 3, IM_START = SPEC.nVocab() - 2, IM_END = SPEC.nVocab() - 1;

    @TempDir Path dir;

    @Test
    void aQwen2FolderConvertsToAGgufLlamaCppTokenizesAndRuns() throws Exception {
        Path folder = dir.resolve("tiny-qwen2");
        Files.createDirectories(folder);
        HfFolderWriter.writeConfig(SPEC, folder, "Qwen2ForCausalLM");
        writeWeights(folder);
        writeTokenizer(folder);

        Path gguf = Converter.convert(folder, Quantization.Q8_0, dir.resolve("cache"));

        LlamaLibrary lib = LlamaLibrary.load(NativeLibraries.locate(), (level, line) -> {});
        LlamaRuntime runtime = LlamaRuntime.open(lib, gguf, trained -> 256, 1, 256, 1);
        try {
            assertThat(runtime.description().architecture()).isEqualTo("qwen2");
            assertThat(runtime.tokenize("hello world", true, false))
                    .as("byte-level merges, no BOS added").containsExactly(FIRST_MERGED + 3, FIRST_MERGED + 8);
            assertThat(runtime.tokenize("<|im_start|>hello<|im_end|>", false, true))
                    .containsExactly(IM_START, FIRST_MERGED + 3, IM_END);
            assertThat(runtime.eosToken()).isEqualTo(IM_END);
            assertThat(runtime.isEndOfGeneration(IM_END)).isTrue();
            int[] prompt = runtime.tokenize("hello world", true, false);
            int[] pos = new int[prompt.length];
            for (int i = 0; i < pos.length; i++) pos[i] = i;
            boolean[] want = new boolean[prompt.length];
            want[want.length - 1] = true;
            runtime.decode(prompt.length, prompt, pos, new int[prompt.length], want);
            float[] logits = new float[runtime.vocabSize()];
            runtime.logits(prompt.length - 1, logits);
            for (float l : logits) assertThat(Float.isFinite(l)).as("finite logits").isTrue();
        } finally {
            runtime.close();
        }
    }

    /** Testkit weights without the Q/K permutation (qwen2 rotates halves, as HF does), plus random Q/K/V biases. */
    private static void writeWeights(Path folder) throws IOException {
        Path llama = HfFolderWriter.write(SPEC, dev.hearth.gguf.llama.Vocabulary.english().paddedTo(SPEC.nVocab()),
                folder.resolveSibling("llama-source"), 1);
        List<HfFolderWriter.Entry> entries = new ArrayList<>();
        try (SafetensorsModel source = SafetensorsModel.open(llama, JSON)) {
            source.tensors().forEach((name, t) -> {
                float[] values = new float[(int) t.elementCount()];
                t.read(0, values);
                entries.add(HfFolderWriter.entry(name, t.shape().stream().mapToLong(Long::longValue).toArray(), values));
            });
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int layer = 0; layer < SPEC.nLayer(); layer++) {
            for (String p : List.of("q", "k", "v")) {
                int n = p.equals("q") ? SPEC.nEmbd() : SPEC.kvDim();
                float[] bias = new float[n];
                for (int i = 0; i < n; i++) bias[i] = (float) (0.1 * random.nextGaussian());
                entries.add(HfFolderWriter.entry("model.layers." + layer + ".self_attn." + p + "_proj.bias",
                        new long[] {n}, bias));
            }
        }
        HfFolderWriter.writeSafetensors(folder.resolve("model.safetensors"), entries);
    }

    /** GPT-2's byte → printable-character map ({@code bytes_to_unicode}). */
    static String[] byteLevelAlphabet() {
        String[] out = new String[256];
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            out[b] = Character.toString(printable ? b : 256 + n++);
        }
        return out;
    }

    private static void writeTokenizer(Path folder) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode added = root.putArray("added_tokens");
        added.addObject().put("id", ENDOFTEXT).put("content", "<|endoftext|>").put("special", true);
        added.addObject().put("id", IM_START).put("content", "<|im_start|>").put("special", true);
        added.addObject().put("id", IM_END).put("content", "<|im_end|>").put("special", true);
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer").put("type", "Sequence");
        ArrayNode pres = pre.putArray("pretokenizers");
        ObjectNode split = pres.addObject().put("type", "Split");
        split.putObject("pattern").put("Regex", QWEN2_SPLIT);
        split.put("behavior", "Isolated").put("invert", false);
        pres.addObject().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", false)
                .put("use_regex", false);
        root.putObject("decoder").put("type", "ByteLevel");
        ObjectNode model = root.putObject("model").put("type", "BPE").put("byte_fallback", false)
                .put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        String[] alphabet = byteLevelAlphabet();
        for (int b = 0; b < 256; b++) vocab.put(alphabet[b], b);
        ArrayNode merges = model.putArray("merges");
        for (int i = 0; i < MERGES.size(); i++) {
            String[] pair = MERGES.get(i).split(" ");
            merges.addArray().add(pair[0]).add(pair[1]); // the list form transformers >= 4.45 writes
            vocab.put(pair[0] + pair[1], FIRST_MERGED + i);
        }
        JSON.writeValue(folder.resolve("tokenizer.json").toFile(), root);

        ObjectNode config = JSON.createObjectNode();
        config.put("add_bos_token", false);
        config.putNull("bos_token");
        config.put("eos_token", "<|im_end|>");
        config.put("pad_token", "<|endoftext|>");
        config.put("chat_template", HfFolderWriter.CHAT_TEMPLATE);
        JSON.writeValue(folder.resolve("tokenizer_config.json").toFile(), config);
    }
}
