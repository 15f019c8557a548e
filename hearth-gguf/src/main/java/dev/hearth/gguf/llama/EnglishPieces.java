package dev.hearth.gguf.llama;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;

/**
 * The normal (non-special, non-byte) pieces of {@link Vocabulary}: single characters, then English words
 * and word pieces with their prefixes.
 *
 * <p>Invariant (prefix closure): every multi-character piece's prefixes of two or more characters are
 * pieces too. llama.cpp's SPM tokenizer only merges two adjacent symbols when their concatenation is a
 * token, so without the prefixes a word like "▁the" could never be reached from its characters.
 */
final class EnglishPieces {
    /** SentencePiece's word-boundary marker, standing for a space. */
    static final String SPACE = "\u2581";

    private static final String WORDS = """
            the of and to a in is it you that he was for on are with as his they be at one have this from or
            had by not word but what some we can out other were all there when up use your how said an each
            she which do their time if will way about many then them write would like so these her long make
            thing see him two has look more day could go come did number sound no most people my over know
            water than call first who may down side been now find any new work part take get place made live
            where after back little only round man year came show every good me give our under name very
            through just form sentence great think say help low line turn cause much mean before move right
            boy old too same tell does set three want air well also play small end put home read hand large
            add even land here must big high such follow act why ask men change went light kind off need house
            picture try us again animal point mother world near build self earth father hello model token text
            story question answer cat dog sun moon tree red blue green happy once upon king queen yes okay
            """;

    private static final String CAPITALIZED = "The I A It In He She We They This What Hello Once Yes No You My";

    private static final String WORD_PIECES = """
            ing ed er es ly tion s th he in an re on at en nd st or ou it is ar al le ent ion ter est
            """;

    private EnglishPieces() {
    }

    /** Single characters: the space marker, then printable ASCII from '!' to '~'. */
    static List<String> singleCharacters() {
        List<String> chars = new ArrayList<>();
        chars.add(SPACE);
        for (char c = '!'; c <= '~'; c++) {
            chars.add(String.valueOf(c));
        }
        return chars;
    }

    /**
     * Multi-character pieces, shortest first (ties in first-seen order), so that giving earlier pieces
     * higher scores makes the tokenizer build words up from short merges, like a trained SPM model.
     */
    static List<String> multiCharacterPieces() {
        SequencedSet<String> pieces = new LinkedHashSet<>();
        for (String w : WORDS.split("\\s+")) {
            if (!w.isEmpty()) addWithPrefixes(pieces, SPACE + w);
        }
        for (String w : CAPITALIZED.split("\\s+")) {
            addWithPrefixes(pieces, SPACE + w);
        }
        for (String p : WORD_PIECES.split("\\s+")) {
            if (!p.isEmpty()) addWithPrefixes(pieces, p);
        }
        List<String> sorted = new ArrayList<>(pieces);
        sorted.sort((a, b) -> Integer.compare(a.codePointCount(0, a.length()), b.codePointCount(0, b.length())));
        return sorted; // List.sort is stable: equal lengths keep first-seen order
    }

    private static void addWithPrefixes(SequencedSet<String> pieces, String piece) {
        int[] cps = piece.codePoints().toArray();
        for (int len = 2; len <= cps.length; len++) {
            pieces.add(new String(cps, 0, len));
        }
    }

    /**
     * Filler words for padding a vocabulary: "▁" plus two or three consonant-vowel syllables ("▁bako",
     * "▁tisumo"), in a fixed order, skipping any that {@code taken} already holds. They decode to
     * readable text, which keeps streamed output of a random large model legible.
     */
    static List<String> fillerWords(int count, java.util.Set<String> taken) {
        String consonants = "bdfgklmnprstvz";
        String vowels = "aeiou";
        List<String> syllables = new ArrayList<>();
        for (char c : consonants.toCharArray()) {
            for (char v : vowels.toCharArray()) {
                syllables.add("" + c + v);
            }
        }
        List<String> out = new ArrayList<>(count);
        for (int n = 2; out.size() < count; n++) {
            int total = (int) Math.pow(syllables.size(), n);
            for (int i = 0; i < total && out.size() < count; i++) {
                StringBuilder w = new StringBuilder(SPACE);
                for (int k = 0, rest = i; k < n; k++, rest /= syllables.size()) {
                    w.append(syllables.get(rest % syllables.size()));
                }
                String word = w.toString();
                if (!taken.contains(word)) {
                    out.add(word);
                }
            }
        }
        return out;
    }
}
