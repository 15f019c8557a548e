package dev.hearth.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.gguf.GgufValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code tokenizer.json} (plus {@code tokenizer_config.json} and config.json) as the {@code tokenizer.*}
 * GGUF metadata llama.cpp reads. Two kinds of BPE are understood:
 * <ul>
 *   <li>SentencePiece-style BPE with byte fallback (Llama 2, Mistral, TinyLlama): {@code tokenizer.ggml.model
 *   = "llama"}. llama.cpp's SPM tokenizer merges the adjacent pair whose concatenation scores highest, so
 *   each token's score is minus the rank of the first merge that produces it (the Hub's tokenizer.json was
 *   derived from SentencePiece scores in that order); tokens no merge produces score below all merges.</li>
 *   <li>Byte-level BPE (Llama 3, Qwen2): {@code tokenizer.ggml.model = "gpt2"} with the merges as written.
 *   {@code tokenizer.ggml.pre} comes from the pre-tokenizer's split regex: Qwen2's pattern → {@code qwen2},
 *   Llama 3's → {@code llama-bpe}, otherwise by architecture ({@code qwen2} for qwen2, else
 *   {@code llama-bpe}). llama.cpp's own converter instead hashes a tokenization of a fixed text; this
 *   covers the common families without running a Python tokenizer.</li>
 * </ul>
 */
public final class HfTokenizer {
    /** llama.cpp's {@code llama_token_type}. */
    static final int NORMAL = 1, UNKNOWN = 2, CONTROL = 3, USER_DEFINED = 4, UNUSED = 5, BYTE = 6;
    private static final Pattern BYTE_TOKEN = Pattern.compile("<0x[0-9A-Fa-f]{2}>");
    private static final String QWEN2_SPLIT = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final String LLAMA3_SPLIT = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final List<String> SPECIAL_KINDS = List.of("bos", "eos", "unk", "pad");

    private HfTokenizer() {
    }

    /**
     * The metadata for {@code tokenizer} (tokenizer.json), {@code tokenizerConfig} (tokenizer_config.json,
     * or a missing node), {@code config} (config.json). {@code chatTemplateFile} is the text of a
     * {@code chat_template.jinja} beside them, used when tokenizer_config.json has no template.
     */
    public static Map<String, GgufValue> metadata(JsonNode tokenizer, JsonNode tokenizerConfig, JsonNode config,
                                                  HfConfig hf, Optional<String> chatTemplateFile) {
        JsonNode model = tokenizer.path("model");
        if (!model.path("type").asText().equals("BPE")) {
            throw new ConversionException("tokenizer.json: model type " + model.path("type").asText()
                    + " is not supported; Hearth converts BPE tokenizers");
        }
        boolean spm = model.path("byte_fallback").asBoolean(false);
        List<String> merges = merges(model.path("merges"), !spm);

        // Tokens by id: the model's vocabulary, then added tokens; ids up to config's vocab_size.
        Map<Integer, String> byId = new HashMap<>();
        model.path("vocab").fields().forEachRemaining(e -> byId.put(e.getValue().asInt(), e.getKey()));
        Map<Integer, JsonNode> added = new HashMap<>();
        tokenizer.path("added_tokens").forEach(t -> {
            byId.put(t.path("id").asInt(), t.path("content").asText());
            added.put(t.path("id").asInt(), t);
        });
        int size = Math.max(hf.vocabSize(), byId.keySet().stream().mapToInt(i -> i + 1).max().orElse(0));
        String unk = model.path("unk_token").asText("");

        List<String> tokens = new ArrayList<>(size);
        int[] types = new int[size];
        for (int id = 0; id < size; id++) {
            String text = byId.get(id);
            if (text == null) {
                tokens.add("[PAD" + id + "]");
                types[id] = UNUSED;
                continue;
            }
            JsonNode a = added.get(id);
            if (spm && BYTE_TOKEN.matcher(text).matches()) types[id] = BYTE;
            else if (spm && text.equals(unk)) types[id] = UNKNOWN;
            else if (a != null && (a.path("special").asBoolean(false) || looksSpecial(text))) types[id] = CONTROL;
            else if (a != null) types[id] = USER_DEFINED;
            else types[id] = NORMAL;
            tokens.add(text);
        }

        Map<String, GgufValue> kv = new LinkedHashMap<>();
        kv.put("tokenizer.ggml.model", GgufValue.str(spm ? "llama" : "gpt2"));
        kv.put("tokenizer.ggml.pre", GgufValue.str(spm ? "default" : pre(tokenizer, hf)));
        kv.put("tokenizer.ggml.tokens", GgufValue.strings(tokens));
        if (spm) kv.put("tokenizer.ggml.scores", GgufValue.float32s(spmScores(tokens, types, merges)));
        kv.put("tokenizer.ggml.token_type", GgufValue.int32s(types));
        if (!spm) kv.put("tokenizer.ggml.merges", GgufValue.strings(merges));
        if (spm) kv.put("tokenizer.ggml.add_space_prefix", GgufValue.bool(addsSpacePrefix(tokenizer, tokenizerConfig)));
        specialTokens(tokenizer, tokenizerConfig, config, tokens).forEach(kv::put);
        chatTemplates(tokenizerConfig, chatTemplateFile).forEach(kv::put);
        return kv;
    }

    /** Merges as "left right" strings; the list form's spaces are written as U+0120 + 256 offset, as llama.cpp reads. */
    private static List<String> merges(JsonNode merges, boolean byteLevel) {
        List<String> out = new ArrayList<>(merges.size());
        for (JsonNode m : merges) {
            if (m.isTextual()) {
                out.add(m.asText());
            } else if (m.isArray() && m.size() == 2) {
                String left = m.get(0).asText(), right = m.get(1).asText();
                if (byteLevel) {
                    left = left.replace(" ", "\u0120");
                    right = right.replace(" ", "\u0120");
                }
                out.add(left + " " + right);
            } else {
                throw new ConversionException("tokenizer.json: unknown merge format " + m);
            }
        }
        return out;
    }

    /**
     * Scores for llama.cpp's SPM merge loop: the token made by merge rank r scores {@code -(r + 1)}
     * (first merge wins if several make it); byte, control and unknown tokens 0; every other token below
     * all merges, by id.
     */
    static float[] spmScores(List<String> tokens, int[] types, List<String> merges) {
        Map<String, Integer> firstRank = new HashMap<>();
        for (int r = 0; r < merges.size(); r++) {
            String m = merges.get(r);
            int space = m.indexOf(' ');
            if (space < 0) throw new ConversionException("tokenizer.json: malformed merge " + m);
            firstRank.putIfAbsent(m.substring(0, space) + m.substring(space + 1), r);
        }
        float[] scores = new float[tokens.size()];
        for (int id = 0; id < tokens.size(); id++) {
            Integer rank = firstRank.get(tokens.get(id));
            if (types[id] == BYTE || types[id] == CONTROL || types[id] == UNKNOWN) scores[id] = 0f;
            else if (rank != null) scores[id] = -(rank + 1);
            else scores[id] = -(merges.size() + 1 + id);
        }
        return scores;
    }

    /** llama.cpp's converter heuristic: added tokens shaped like {@code <|...|>} are control tokens. */
    private static boolean looksSpecial(String text) {
        return (text.startsWith("<|") && text.endsWith("|>")) || (text.startsWith("<｜") && text.endsWith("｜>"));
    }

    private static String pre(JsonNode tokenizer, HfConfig hf) {
        String patterns = tokenizer.path("pre_tokenizer").toString();
        if (patterns.contains(jsonEscaped(QWEN2_SPLIT))) return "qwen2";
        if (patterns.contains(jsonEscaped(LLAMA3_SPLIT))) return "llama-bpe";
        return hf.ggufArchitecture().equals("qwen2") ? "qwen2" : "llama-bpe";
    }

    private static String jsonEscaped(String regex) {
        return regex.replace("\\", "\\\\");
    }

    /**
     * Whether SentencePiece prepends "▁" to the text: a {@code Prepend} normalizer or a {@code Metaspace}
     * pre-tokenizer that prepends; tokenizer_config.json's {@code add_prefix_space} overrides.
     */
    private static boolean addsSpacePrefix(JsonNode tokenizer, JsonNode tokenizerConfig) {
        if (tokenizerConfig.path("add_prefix_space").isBoolean()) return tokenizerConfig.path("add_prefix_space").asBoolean();
        String normalizer = tokenizer.path("normalizer").toString();
        if (normalizer.contains("\"Prepend\"")) return true;
        for (JsonNode p : flatten(tokenizer.path("pre_tokenizer"), "pretokenizers")) {
            if (p.path("type").asText().equals("Metaspace")) {
                String scheme = p.path("prepend_scheme").asText(p.path("add_prefix_space").asBoolean(true) ? "always" : "never");
                return !scheme.equals("never");
            }
        }
        return false;
    }

    private static List<JsonNode> flatten(JsonNode node, String listKey) {
        List<JsonNode> out = new ArrayList<>();
        if (node.path(listKey).isArray()) node.path(listKey).forEach(out::add);
        else if (!node.isMissingNode() && !node.isNull()) out.add(node);
        return out;
    }

    /**
     * bos/eos/unk/pad ids: tokenizer_config.json's {@code <kind>_token} (a string or {@code {content}})
     * looked up among the tokens, else config.json's {@code <kind>_token_id}; add_bos/add_eos from
     * tokenizer_config.json, else from the post-processor's template (a leading special token means BOS
     * is added).
     */
    private static Map<String, GgufValue> specialTokens(JsonNode tokenizer, JsonNode tokenizerConfig, JsonNode config,
                                                        List<String> tokens) {
        Map<String, GgufValue> kv = new LinkedHashMap<>();
        Map<String, Integer> bySpecialText = new HashMap<>();
        tokenizer.path("added_tokens").forEach(t -> bySpecialText.put(t.path("content").asText(), t.path("id").asInt()));
        Map<String, String> tokenText = new HashMap<>();
        for (String kind : SPECIAL_KINDS) {
            JsonNode entry = tokenizerConfig.path(kind + "_token");
            String text = entry.isTextual() ? entry.asText() : entry.path("content").isTextual() ? entry.path("content").asText() : null;
            Integer id = null;
            if (text != null) {
                tokenText.put(kind, text);
                id = bySpecialText.get(text);
                if (id == null) {
                    int i = tokens.indexOf(text);
                    if (i >= 0) id = i;
                }
            }
            if (id == null && config.path(kind + "_token_id").isInt()) id = config.path(kind + "_token_id").asInt();
            String key = kind.equals("unk") ? "unknown" : kind.equals("pad") ? "padding" : kind;
            if (id != null && id >= 0 && id < tokens.size()) kv.put("tokenizer.ggml." + key + "_token_id", GgufValue.u32(id));
        }
        for (String kind : List.of("bos", "eos")) {
            JsonNode flag = tokenizerConfig.path("add_" + kind + "_token");
            if (flag.isBoolean()) {
                kv.put("tokenizer.ggml.add_" + kind + "_token", GgufValue.bool(flag.asBoolean()));
            } else {
                templateAdds(tokenizer, tokenText.get(kind), kind.equals("bos"))
                        .ifPresent(b -> kv.put("tokenizer.ggml.add_" + kind + "_token", GgufValue.bool(b)));
            }
        }
        return kv;
    }

    /** Whether a TemplateProcessing post-processor's single-sequence template starts (or ends) with {@code text}. */
    private static Optional<Boolean> templateAdds(JsonNode tokenizer, String text, boolean leading) {
        for (JsonNode p : flatten(tokenizer.path("post_processor"), "processors")) {
            if (!p.path("type").asText().equals("TemplateProcessing")) continue;
            JsonNode single = p.path("single");
            if (single.isEmpty()) return Optional.of(false);
            JsonNode edge = single.get(leading ? 0 : single.size() - 1);
            String special = edge.path("SpecialToken").path("id").asText(null);
            return Optional.of(special != null && special.equals(text));
        }
        return Optional.empty();
    }

    /**
     * {@code tokenizer.chat_template} from tokenizer_config.json's {@code chat_template}: a string, or a
     * list of {@code {name, template}} whose "default" entry is the main template and the others go to
     * {@code tokenizer.chat_template.<name>}; else the {@code chat_template.jinja} file.
     */
    private static Map<String, GgufValue> chatTemplates(JsonNode tokenizerConfig, Optional<String> chatTemplateFile) {
        Map<String, GgufValue> kv = new LinkedHashMap<>();
        JsonNode t = tokenizerConfig.path("chat_template");
        if (t.isTextual()) {
            kv.put("tokenizer.chat_template", GgufValue.str(t.asText()));
        } else if (t.isArray()) {
            for (JsonNode named : t) {
                String name = named.path("name").asText();
                String key = name.equals("default") ? "tokenizer.chat_template" : "tokenizer.chat_template." + name;
                kv.put(key, GgufValue.str(named.path("template").asText()));
            }
        } else {
            chatTemplateFile.ifPresent(s -> kv.put("tokenizer.chat_template", GgufValue.str(s)));
        }
        return kv;
    }
}
