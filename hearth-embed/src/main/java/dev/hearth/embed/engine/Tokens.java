package dev.hearth.embed.engine;

import java.util.Arrays;

/**
 * One tokenized input as the model sees it.
 *
 * <p>Invariants: all arrays have the same length; {@code start[i]}/{@code stop[i]} are UTF-8 byte offsets into the
 * text that was tokenized ({@code -1} for added special tokens and for inputs given as ids).
 *
 * @param ids     token ids, special tokens included
 * @param typeIds segment ids ({@code token_type_ids}), all 0 for a single text
 * @param special whether each token was added by the tokenizer's template ([CLS], [SEP], ...)
 * @param pieces  each token's string in the vocabulary
 */
public record Tokens(long[] ids, long[] typeIds, boolean[] special, int[] start, int[] stop, String[] pieces) {

    public int length() {
        return ids.length;
    }

    /** Ids given directly by a client: no offsets, no template tokens. */
    public static Tokens ofIds(long[] ids) {
        int n = ids.length;
        int[] none = new int[n];
        Arrays.fill(none, -1);
        return new Tokens(ids.clone(), new long[n], new boolean[n], none, none.clone(), new String[n]);
    }

    /**
     * At most {@code max} tokens, cut the way Hugging Face tokenizers truncate a single sequence: the template's
     * leading and trailing special tokens are kept and the text's tokens are cut at the end ({@link Side#RIGHT}) or
     * at the start ({@link Side#LEFT}).
     */
    public Tokens truncate(int max, Side side) {
        int n = length();
        if (n <= max) return this;
        int lead = 0;
        while (lead < n && special[lead]) lead++;
        int trail = 0;
        while (trail < n - lead && special[n - 1 - trail]) trail++;
        int keepContent = Math.max(0, max - lead - trail);
        if (lead + trail > max) return slice(0, max, 0, 0); // degenerate template longer than the limit
        int from = side == Side.RIGHT ? lead : n - trail - keepContent;
        return slice(0, lead, from, keepContent).append(slice(n - trail, trail, 0, 0));
    }

    /** Which end of the text truncation removes tokens from. */
    public enum Side { LEFT, RIGHT }

    private Tokens slice(int at, int count, int at2, int count2) {
        long[] i = new long[count + count2], t = new long[count + count2];
        boolean[] s = new boolean[count + count2];
        int[] a = new int[count + count2], b = new int[count + count2];
        String[] p = new String[count + count2];
        copy(at, count, 0, i, t, s, a, b, p);
        copy(at2, count2, count, i, t, s, a, b, p);
        return new Tokens(i, t, s, a, b, p);
    }

    private void copy(int from, int count, int to, long[] i, long[] t, boolean[] s, int[] a, int[] b, String[] p) {
        System.arraycopy(ids, from, i, to, count);
        System.arraycopy(typeIds, from, t, to, count);
        System.arraycopy(special, from, s, to, count);
        System.arraycopy(start, from, a, to, count);
        System.arraycopy(stop, from, b, to, count);
        System.arraycopy(pieces, from, p, to, count);
    }

    private Tokens append(Tokens o) {
        int n = length(), m = o.length();
        Tokens r = slice(0, n, 0, 0);
        long[] i = Arrays.copyOf(r.ids, n + m), t = Arrays.copyOf(r.typeIds, n + m);
        boolean[] s = Arrays.copyOf(r.special, n + m);
        int[] a = Arrays.copyOf(r.start, n + m), b = Arrays.copyOf(r.stop, n + m);
        String[] p = Arrays.copyOf(r.pieces, n + m);
        o.copy(0, m, n, i, t, s, a, b, p);
        return new Tokens(i, t, s, a, b, p);
    }
}
