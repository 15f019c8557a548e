package dev.hearth.gguf.llama;

import dev.hearth.gguf.GgufValue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A SentencePiece-style vocabulary for llama.cpp's {@code tokenizer.ggml.model = "llama"} (SPM) tokenizer.
 *
 * <p>Layout (ids): 0 {@code <unk>} (UNKNOWN), 1 {@code <s>} (CONTROL, BOS), 2 {@code </s>} (CONTROL, EOS),
 * 3..258 the byte-fallback tokens {@code <0x00>}..{@code <0xFF>} (BYTE; byte b has id 3 + b), then normal
 * pieces: single characters ("▁" and printable ASCII), then multi-character word pieces shortest first,
 * then optional chat control tokens, then optional filler words from {@link #paddedTo(int)}.
 *
 * <p>Scores: llama.cpp's SPM tokenizer repeatedly merges the adjacent pair whose concatenation is the
 * token with the highest score. Multi-character pieces score {@code -rank} (shorter pieces merge first),
 * single characters score below all of them (they are never a merge result, so their score is unused),
 * special and byte tokens score 0, filler words score below everything. Invariant: pieces are unique
 * (llama.cpp asserts it).
 */
public final class Vocabulary {
    public static final int UNK_ID = 0;
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;
    public static final int FIRST_BYTE_ID = 3;
    public static final String IM_START = "<|im_start|>";
    public static final String IM_END = "<|im_end|>";

    /**
     * The ChatML template as a Jinja string for {@code tokenizer.chat_template}; llama.cpp recognises it
     * as its built-in "chatml" template.
     */
    public static final String CHATML_TEMPLATE = "{% for message in messages %}"
            + "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /** llama.cpp's {@code llama_token_type} values, as stored in {@code tokenizer.ggml.token_type}. */
    public enum TokenType {
        NORMAL(1), UNKNOWN(2), CONTROL(3), USER_DEFINED(4), UNUSED(5), BYTE(6);

        private final int id;

        TokenType(int id) {
            this.id = id;
        }

        public int id() {
            return id;
        }
    }

    public record Token(String piece, float score, TokenType type) {
    }

    private final List<Token> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<Token> tokens) {
        this.tokens = List.copyOf(tokens);
        Map<String, Integer> byPiece = new HashMap<>();
        for (int i = 0; i < this.tokens.size(); i++) {
            if (byPiece.put(this.tokens.get(i).piece(), i) != null) {
                throw new IllegalStateException("duplicate piece " + this.tokens.get(i).piece());
            }
        }
        this.ids = Map.copyOf(byPiece);
    }

    /** Special tokens, byte tokens and English pieces; no chat tokens. */
    public static Vocabulary english() {
        return new Vocabulary(baseTokens());
    }

    /** {@link #english()} followed by {@code <|im_start|>} and {@code <|im_end|>} as CONTROL tokens. */
    public static Vocabulary withChatTokens() {
        List<Token> list = baseTokens();
        list.add(new Token(IM_START, 0.0f, TokenType.CONTROL));
        list.add(new Token(IM_END, 0.0f, TokenType.CONTROL));
        return new Vocabulary(list);
    }

    /**
     * This vocabulary extended with NORMAL filler words ("▁bako", …) to exactly {@code size} tokens; ids
     * already present keep their meaning. Fails if the vocabulary is already larger.
     */
    public Vocabulary paddedTo(int size) {
        if (size < tokens.size()) {
            throw new IllegalArgumentException("vocabulary has " + tokens.size() + " tokens, more than " + size);
        }
        List<Token> list = new ArrayList<>(tokens);
        float lowest = (float) tokens.stream().mapToDouble(Token::score).min().orElse(0);
        List<String> filler = EnglishPieces.fillerWords(size - tokens.size(), ids.keySet());
        for (int i = 0; i < filler.size(); i++) {
            list.add(new Token(filler.get(i), lowest - 1 - i, TokenType.NORMAL));
        }
        return new Vocabulary(list);
    }

    private static List<Token> baseTokens() {
        List<Token> list = new ArrayList<>();
        list.add(new Token("<unk>", 0.0f, TokenType.UNKNOWN));
        list.add(new Token("<s>", 0.0f, TokenType.CONTROL));
        list.add(new Token("</s>", 0.0f, TokenType.CONTROL));
        for (int b = 0; b < 256; b++) {
            list.add(new Token(String.format("<0x%02X>", b), 0.0f, TokenType.BYTE)); // upper-case hex, as llama.cpp looks up
        }
        List<String> chars = EnglishPieces.singleCharacters();
        List<String> merged = EnglishPieces.multiCharacterPieces();
        for (String c : chars) {
            list.add(new Token(c, -(merged.size() + 1 + chars.indexOf(c)), TokenType.NORMAL));
        }
        for (int rank = 0; rank < merged.size(); rank++) {
            list.add(new Token(merged.get(rank), -(rank + 1), TokenType.NORMAL));
        }
        return list;
    }

    public int size() {
        return tokens.size();
    }

    public List<Token> tokens() {
        return tokens;
    }

    public Token token(int id) {
        return tokens.get(id);
    }

    /** The token's text as stored in the file (with "▁" for spaces, "<0x0A>" for byte tokens). */
    public String piece(int id) {
        return tokens.get(id).piece();
    }

    public OptionalInt idOf(String piece) {
        Integer id = ids.get(piece);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The byte-fallback token for byte {@code b} (0..255). */
    public int byteTokenId(int b) {
        if (b < 0 || b > 255) throw new IllegalArgumentException("not a byte: " + b);
        return FIRST_BYTE_ID + b;
    }

    /**
     * Text of {@code ids} the way llama.cpp renders pieces without special tokens: "▁" becomes a space,
     * byte tokens contribute their byte (consecutive bytes are decoded as UTF-8 together), CONTROL tokens
     * contribute nothing, {@code <unk>} renders as "▅" (U+2585). A leading space is kept as is.
     */
    public String decode(int... idsToDecode) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : idsToDecode) {
            Token t = tokens.get(id);
            String text = switch (t.type()) {
                case NORMAL, USER_DEFINED -> t.piece().replace(EnglishPieces.SPACE, " ");
                case UNKNOWN -> "\u2585";
                case BYTE -> null;
                case CONTROL, UNUSED -> "";
            };
            if (text == null) {
                bytes.write(Integer.parseInt(t.piece().substring(3, 5), 16));
            } else {
                bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * The {@code tokenizer.*} metadata llama.cpp reads for an SPM vocabulary. Token ids are UINT32 and
     * the add-token flags BOOL, the types llama.cpp's loader insists on.
     */
    public Map<String, GgufValue> ggufMetadata() {
        float[] scores = new float[tokens.size()];
        int[] types = new int[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            scores[i] = tokens.get(i).score();
            types[i] = tokens.get(i).type().id();
        }
        Map<String, GgufValue> kv = new LinkedHashMap<>();
        kv.put("tokenizer.ggml.model", GgufValue.str("llama"));
        kv.put("tokenizer.ggml.tokens", GgufValue.strings(tokens.stream().map(Token::piece).toList()));
        kv.put("tokenizer.ggml.scores", GgufValue.float32s(scores));
        kv.put("tokenizer.ggml.token_type", GgufValue.int32s(types));
        kv.put("tokenizer.ggml.bos_token_id", GgufValue.u32(BOS_ID));
        kv.put("tokenizer.ggml.eos_token_id", GgufValue.u32(EOS_ID));
        kv.put("tokenizer.ggml.unknown_token_id", GgufValue.u32(UNK_ID));
        kv.put("tokenizer.ggml.add_bos_token", GgufValue.bool(true));
        kv.put("tokenizer.ggml.add_eos_token", GgufValue.bool(false));
        return kv;
    }
}
