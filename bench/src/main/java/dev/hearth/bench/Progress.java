package dev.hearth.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines on stderr; stdout is kept for the result. */
final class Progress {
    private Progress() {}

    static void say(String format, Object... args) {
        System.err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " bench: " + String.format(format, args));
    }
}
