package dev.hearth.gguf.llama;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A slow re-statement of llama.cpp's SPM tokenizer, for checking that {@link Vocabulary} tokenizes sensibly:
 * spaces become "▁", a "▁" is prefixed, then the adjacent pair whose concatenation is the highest-scoring
 * token is merged (leftmost on ties) until no pair is a token; leftover symbols fall back to byte tokens.
 */
final class SpmTestTokenizer {
    private SpmTestTokenizer() {
    }

    static List<Integer> tokenize(Vocabulary vocab, String text) {
        String escaped = "\u2581" + text.replace(" ", "\u2581");
        List<String> symbols = new ArrayList<>();
        escaped.codePoints().forEach(cp -> symbols.add(new String(Character.toChars(cp))));
        while (true) {
            int best = -1;
            float bestScore = Float.NEGATIVE_INFINITY;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                var id = vocab.idOf(symbols.get(i) + symbols.get(i + 1));
                if (id.isPresent() && vocab.token(id.getAsInt()).score() > bestScore) {
                    best = i;
                    bestScore = vocab.token(id.getAsInt()).score();
                }
            }
            if (best < 0) break;
            symbols.set(best, symbols.get(best) + symbols.remove(best + 1));
        }
        List<Integer> ids = new ArrayList<>();
        for (String s : symbols) {
            var id = vocab.idOf(s);
            if (id.isPresent()) {
                ids.add(id.getAsInt());
            } else {
                for (byte b : s.getBytes(StandardCharsets.UTF_8)) ids.add(vocab.byteTokenId(b & 0xFF));
            }
        }
        return ids;
    }
}
