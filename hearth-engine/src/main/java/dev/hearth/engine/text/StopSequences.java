package dev.hearth.engine.text;

import java.util.List;

/**
 * Watches generated text for any of a request's stop sequences.
 *
 * <p>A stop sequence may complete in the middle of a token's text, or span several tokens; the search covers the
 * newly added text plus enough earlier text to catch a sequence that straddles the boundary. The generated text
 * is cut right after the stop sequence, which it keeps, as TGI's does.
 */
public final class StopSequences {

    private final List<String> stops;
    private final int longest;

    public StopSequences(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
        this.longest = this.stops.stream().mapToInt(String::length).max().orElse(0);
    }

    /**
     * @param text  all generated text so far
     * @param added how many characters at its end are new since the last call
     * @return the length {@code text} must be cut to when a stop sequence now appears, or -1
     */
    public int check(CharSequence text, int added) {
        if (stops.isEmpty() || added <= 0) return -1;
        int from = Math.max(0, text.length() - added - longest + 1);
        int bestEnd = -1;
        String window = text.subSequence(from, text.length()).toString();
        for (String stop : stops) {
            int at = window.indexOf(stop);
            if (at >= 0) {
                int end = from + at + stop.length();
                if (bestEnd < 0 || end < bestEnd) bestEnd = end;
            }
        }
        return bestEnd;
    }
}
