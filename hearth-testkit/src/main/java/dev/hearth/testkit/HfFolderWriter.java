package dev.hearth.testkit;

import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.LlamaTensors;
import dev.hearth.gguf.llama.Vocabulary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the testkit's random llama model as a Hugging Face folder: config.json, F32 safetensors (one file,
 * or shards with an index), tokenizer.json (SentencePiece-style BPE with byte fallback, equivalent to the
 * {@link Vocabulary}) and tokenizer_config.json with a chat template.
 *
 * <p>The testkit's tensors are in GGUF layout; Q and K rows are written here in Hugging Face layout, i.e.
 * with the inverse of {@link TensorNames#sourceRow}: GGUF row r goes to HF row {@code sourceRow(r)}.
 */
public final class HfFolderWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String CHAT_TEMPLATE = Vocabulary.CHATML_TEMPLATE;

    private HfFolderWriter() {
    }

    /** HF name → GGUF name for the testkit tensors. */
    public static String hfName(String gguf) {
        return switch (gguf) {
            case "token_embd.weight" -> "model.embed_tokens.weight";
            case "output_norm.weight" -> "model.norm.weight";
            case "output.weight" -> "lm_head.weight";
            default -> {
                String[] p = gguf.split("\\.");
                String hf = switch (p[2]) {
                    case "attn_norm" -> "input_layernorm";
                    case "attn_q" -> "self_attn.q_proj";
                    case "attn_k" -> "self_attn.k_proj";
                    case "attn_v" -> "self_attn.v_proj";
                    case "attn_output" -> "self_attn.o_proj";
                    case "ffn_norm" -> "post_attention_layernorm";
                    case "ffn_gate" -> "mlp.gate_proj";
                    case "ffn_up" -> "mlp.up_proj";
                    case "ffn_down" -> "mlp.down_proj";
                    default -> throw new IllegalArgumentException(gguf);
                };
                yield "model.layers." + p[1] + "." + hf + ".weight";
            }
        };
    }

    public static Path write(LlamaSpec spec, Vocabulary vocab, Path folder, int shards) throws IOException {
        Files.createDirectories(folder);
        writeConfig(spec, folder, "LlamaForCausalLM");
        writeWeights(spec, folder, shards);
        writeTokenizer(vocab, folder);
        return folder;
    }

    public static void writeConfig(LlamaSpec spec, Path folder, String architecture) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add(architecture);
        c.put("model_type", "llama");
        c.put("hidden_size", spec.nEmbd());
        c.put("num_hidden_layers", spec.nLayer());
        c.put("num_attention_heads", spec.nHead());
        c.put("num_key_value_heads", spec.nHeadKv());
        c.put("intermediate_size", spec.nFf());
        c.put("rms_norm_eps", spec.rmsEps());
        c.put("rope_theta", spec.ropeTheta());
        c.put("max_position_embeddings", spec.contextLength());
        c.put("vocab_size", spec.nVocab());
        c.put("tie_word_embeddings", false);
        c.put("bos_token_id", Vocabulary.BOS_ID);
        c.put("eos_token_id", Vocabulary.EOS_ID);
        c.put("torch_dtype", "float32");
        JSON.writerWithDefaultPrettyPrinter().writeValue(folder.resolve("config.json").toFile(), c);
    }

    public record Entry(String name, String dtype, long[] shape, byte[] data) {
        Entry(String name, long[] shape, byte[] data) {
            this(name, "F32", shape, data);
        }
    }

    /** An F32 tensor for {@link #writeSafetensors}. */
    public static Entry entry(String name, long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return new Entry(name, shape, b.array());
    }

    private static void writeWeights(LlamaSpec spec, Path folder, int shards) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (LlamaTensors.Tensor t : LlamaTensors.all(spec)) {
            float[] gguf = LlamaTensors.storedValues(spec, t, GgmlType.F32);
            int heads = t.name().endsWith("attn_q.weight") ? spec.nHead()
                    : t.name().endsWith("attn_k.weight") ? spec.nHeadKv() : 0;
            ByteBuffer b = ByteBuffer.allocate(gguf.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            float[] hf = new float[gguf.length];
            for (int r = 0; r < t.ne1(); r++) {
                int to = hfRow(r, t.ne1(), heads);
                System.arraycopy(gguf, r * t.ne0(), hf, to * t.ne0(), t.ne0());
            }
            for (float v : hf) b.putFloat(v);
            long[] shape = t.kind() == LlamaTensors.Kind.NORM ? new long[] {t.ne0()} : new long[] {t.ne1(), t.ne0()};
            entries.add(new Entry(hfName(t.name()), shape, b.array()));
        }
        entries.sort(Comparator.comparing(Entry::name));
        if (shards <= 1) {
            writeSafetensors(folder.resolve("model.safetensors"), entries);
            return;
        }
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", entries.stream().mapToLong(e -> e.data.length).sum());
        ObjectNode map = index.putObject("weight_map");
        int per = (entries.size() + shards - 1) / shards;
        for (int s = 0; s < shards; s++) {
            String file = String.format("model-%05d-of-%05d.safetensors", s + 1, shards);
            List<Entry> part = entries.subList(s * per, Math.min(entries.size(), (s + 1) * per));
            writeSafetensors(folder.resolve(file), part);
            part.forEach(e -> map.put(e.name, file));
        }
        JSON.writeValue(folder.resolve("model.safetensors.index.json").toFile(), index);
    }

    /** 8-byte LE header length, the JSON header padded with spaces to 8 bytes, then the data. */
    /**
     * Where GGUF's row {@code row} sits in Hugging Face's layout. Within each head, llama.cpp's {@code llama} graph
     * rotates adjacent pairs (rows 2i and 2i+1), while Hugging Face's rotates the two halves (rows i and i + d/2): so
     * GGUF row 2i+j of a head is HF row j·d/2 + i. Stated here from the HF side, independently of the converter,
     * which must undo it.
     */
    static int hfRow(int row, int rows, int heads) {
        if (heads == 0) return row;
        int d = rows / heads;
        int pair = (row % d) / 2;
        int half = (row % d) % 2;
        return (row / d) * d + half * (d / 2) + pair;
    }

    public static void writeSafetensors(Path file, List<Entry> entries) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Entry e : entries) {
            ObjectNode t = header.putObject(e.name);
            t.put("dtype", e.dtype);
            ArrayNode shape = t.putArray("shape");
            for (long d : e.shape) shape.add(d);
            t.putArray("data_offsets").add(offset).add(offset + e.data.length);
            offset += e.data.length;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        java.util.Arrays.fill(headerBytes, (byte) ' ');
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headerBytes);
            for (Entry e : entries) out.write(e.data);
        }
    }

    /**
     * tokenizer.json the way transformers converts a SentencePiece BPE model: every split of a piece into
     * two vocabulary pieces is a merge, merges ordered by the merged piece's score (best first); special
     * tokens are added tokens; a Prepend("▁") + Replace(" ", "▁") normalizer.
     */
    public static void writeTokenizer(Vocabulary vocab, Path folder) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        ArrayNode added = root.putArray("added_tokens");
        for (int id = 0; id < vocab.size(); id++) {
            Vocabulary.TokenType type = vocab.token(id).type();
            if (type == Vocabulary.TokenType.CONTROL || type == Vocabulary.TokenType.UNKNOWN) {
                added.addObject().put("id", id).put("content", vocab.piece(id)).put("single_word", false)
                        .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
            }
        }
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "Sequence");
        ArrayNode norms = normalizer.putArray("normalizers");
        norms.addObject().put("type", "Prepend").put("prepend", "\u2581");
        norms.addObject().put("type", "Replace").<ObjectNode>set("pattern", JSON.createObjectNode().put("String", " "))
                .put("content", "\u2581");
        root.putNull("pre_tokenizer");
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "Sequence");
        decoder.putArray("decoders").addObject().put("type", "ByteFallback");
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", "<unk>");
        model.put("fuse_unk", true);
        model.put("byte_fallback", true);
        ObjectNode v = model.putObject("vocab");
        Map<String, Float> mergeable = new LinkedHashMap<>();
        for (int id = 0; id < vocab.size(); id++) {
            v.put(vocab.piece(id), id);
            if (vocab.token(id).type() == Vocabulary.TokenType.NORMAL) mergeable.put(vocab.piece(id), vocab.token(id).score());
        }
        record Merge(String left, String right, float score) {
        }
        List<Merge> merges = new ArrayList<>();
        mergeable.forEach((piece, score) -> {
            for (int k = 1; k < piece.length(); k++) {
                String left = piece.substring(0, k), right = piece.substring(k);
                if (mergeable.containsKey(left) && mergeable.containsKey(right)) merges.add(new Merge(left, right, score));
            }
        });
        merges.sort(Comparator.comparingDouble((Merge m) -> -m.score));
        ArrayNode m = model.putArray("merges");
        merges.forEach(x -> m.add(x.left + " " + x.right));
        JSON.writerWithDefaultPrettyPrinter().writeValue(folder.resolve("tokenizer.json").toFile(), root);

        ObjectNode config = JSON.createObjectNode();
        config.put("add_bos_token", true);
        config.put("add_eos_token", false);
        config.put("bos_token", "<s>");
        config.put("eos_token", "</s>");
        config.put("unk_token", "<unk>");
        config.put("chat_template", CHAT_TEMPLATE);
        config.put("tokenizer_class", "LlamaTokenizer");
        JSON.writerWithDefaultPrettyPrinter().writeValue(folder.resolve("tokenizer_config.json").toFile(), config);
    }
}
