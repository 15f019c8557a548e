package dev.hearth.gguf.llama;

import dev.hearth.gguf.GgufValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VocabularyTest {
    private final Vocabulary vocab = Vocabulary.english();

    @Test
    void special_tokens_and_byte_tokens_have_llama_ids_and_types() {
        assertThat(vocab.token(0)).isEqualTo(new Vocabulary.Token("<unk>", 0f, Vocabulary.TokenType.UNKNOWN));
        assertThat(vocab.token(1)).isEqualTo(new Vocabulary.Token("<s>", 0f, Vocabulary.TokenType.CONTROL));
        assertThat(vocab.token(2)).isEqualTo(new Vocabulary.Token("</s>", 0f, Vocabulary.TokenType.CONTROL));
        assertThat(vocab.piece(3)).isEqualTo("<0x00>");
        assertThat(vocab.piece(vocab.byteTokenId('\n'))).isEqualTo("<0x0A>");
        assertThat(vocab.piece(258)).isEqualTo("<0xFF>");
        for (int b = 0; b < 256; b++) {
            assertThat(vocab.token(3 + b).type()).isEqualTo(Vocabulary.TokenType.BYTE);
        }
        assertThat(vocab.token(259).type()).isEqualTo(Vocabulary.TokenType.NORMAL);
    }

    @Test
    void pieces_are_unique_and_every_word_piece_can_be_built_from_shorter_pieces() {
        assertThat(new HashSet<>(vocab.tokens())).hasSize(vocab.size());
        for (Vocabulary.Token t : vocab.tokens()) {
            if (t.type() != Vocabulary.TokenType.NORMAL) continue;
            int[] cps = t.piece().codePoints().toArray();
            if (cps.length > 2) {
                String prefix = new String(cps, 0, cps.length - 1);
                assertThat(vocab.idOf(prefix)).as("prefix of " + t.piece()).isPresent();
                assertThat(vocab.token(vocab.idOf(prefix).getAsInt()).score()).isGreaterThan(t.score());
            }
        }
    }

    @Test
    void common_words_tokenize_to_whole_word_pieces_and_the_rest_falls_back_to_bytes() {
        List<Integer> ids = SpmTestTokenizer.tokenize(vocab, "Hello world, the cat");
        assertThat(ids.stream().map(vocab::piece))
                .containsExactly("▁Hello", "▁world", ",", "▁the", "▁cat");
        List<Integer> accented = SpmTestTokenizer.tokenize(vocab, "é\n");
        assertThat(accented).containsExactly(vocab.idOf("▁").getAsInt(), 3 + 0xC3, 3 + 0xA9, 3 + 0x0A);
        assertThat(vocab.decode(accented.stream().mapToInt(Integer::intValue).toArray())).isEqualTo(" é\n");
    }

    @Test
    void decoding_renders_spaces_joins_utf8_bytes_and_drops_control_tokens() {
        int hello = vocab.idOf("▁Hello").getAsInt();
        int world = vocab.idOf("▁world").getAsInt();
        assertThat(vocab.decode(Vocabulary.BOS_ID, hello, world, 3 + 0xE2, 3 + 0x9C, 3 + 0x93, Vocabulary.EOS_ID))
                .isEqualTo(" Hello world✓");
        assertThat(vocab.decode(Vocabulary.UNK_ID)).isEqualTo("▅");
    }

    @Test
    void the_chat_vocabulary_adds_im_start_and_im_end_as_control_tokens() {
        Vocabulary chat = Vocabulary.withChatTokens();
        assertThat(chat.size()).isEqualTo(vocab.size() + 2);
        int imEnd = chat.idOf(Vocabulary.IM_END).orElseThrow();
        assertThat(chat.token(imEnd).type()).isEqualTo(Vocabulary.TokenType.CONTROL);
        assertThat(chat.token(chat.idOf(Vocabulary.IM_START).orElseThrow()).type())
                .isEqualTo(Vocabulary.TokenType.CONTROL);
        assertThat(chat.size()).isLessThanOrEqualTo(LlamaSpec.tiny().nVocab());
    }

    @Test
    void padding_reaches_the_exact_size_with_unique_readable_filler_words() {
        Vocabulary padded = Vocabulary.withChatTokens().paddedTo(32000);
        assertThat(padded.size()).isEqualTo(32000);
        assertThat(new HashSet<>(padded.tokens().stream().map(Vocabulary.Token::piece).toList())).hasSize(32000);
        assertThat(padded.piece(31999)).matches("▁[a-z]+");
        assertThat(padded.token(31999).score()).isLessThan(padded.token(vocab.size() - 1).score());
        assertThat(padded.idOf(Vocabulary.IM_END)).isEqualTo(Vocabulary.withChatTokens().idOf(Vocabulary.IM_END));
        assertThatThrownBy(() -> vocab.paddedTo(10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gguf_metadata_uses_the_types_llama_cpp_requires() {
        Map<String, GgufValue> kv = vocab.ggufMetadata();
        assertThat(kv.get("tokenizer.ggml.model")).isEqualTo(GgufValue.str("llama"));
        assertThat(kv.get("tokenizer.ggml.bos_token_id")).isEqualTo(GgufValue.u32(1));
        assertThat(kv.get("tokenizer.ggml.eos_token_id")).isEqualTo(GgufValue.u32(2));
        assertThat(kv.get("tokenizer.ggml.unknown_token_id")).isEqualTo(GgufValue.u32(0));
        assertThat(kv.get("tokenizer.ggml.add_bos_token")).isEqualTo(GgufValue.bool(true));
        assertThat(kv.get("tokenizer.ggml.add_eos_token")).isEqualTo(GgufValue.bool(false));
        assertThat(((GgufValue.Array) kv.get("tokenizer.ggml.tokens")).elementType()).isEqualTo(GgufValue.Type.STRING);
        assertThat(((GgufValue.Array) kv.get("tokenizer.ggml.scores")).elementType()).isEqualTo(GgufValue.Type.FLOAT32);
        GgufValue.Array types = (GgufValue.Array) kv.get("tokenizer.ggml.token_type");
        assertThat(types.elementType()).isEqualTo(GgufValue.Type.INT32);
        assertThat(types.elements()).hasSize(vocab.size());
        assertThat(types.elements().get(3)).isEqualTo(GgufValue.i32(6));
    }
}
