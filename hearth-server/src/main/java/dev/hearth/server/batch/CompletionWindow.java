package dev.hearth.server.batch;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A batch's {@code completion_window}: OpenAI's {@code "24h"}, and, as a Hearth extension, any whole number of
 * seconds, minutes, hours or days ({@code "90s"}, {@code "10m"}, {@code "2h"}, {@code "7d"}), from 1 second to 7 days.
 */
final class CompletionWindow {

    static final Duration MAX = Duration.ofDays(7);
    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,6})([smhd])");

    private CompletionWindow() {}

    static Duration parse(String window) {
        Matcher m = window == null ? null : FORM.matcher(window);
        if (m == null || !m.matches()) {
            throw BatchApiException.invalid("completion_window must be '24h' (or, in Hearth, a duration such as '90s', "
                    + "'10m', '2h' or '7d'), not " + (window == null ? "missing" : "'" + abbreviate(window) + "'") + ".",
                    "completion_window");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(MAX) > 0) {
            throw BatchApiException.invalid("completion_window may be at most 7d, not '" + window + "'.", "completion_window");
        }
        return d;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
