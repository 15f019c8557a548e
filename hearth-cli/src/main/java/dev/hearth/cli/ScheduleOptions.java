package dev.hearth.cli;

import dev.hearth.client.ScalingWindow;

import java.util.List;

/** {@code --schedule CRON=MIN_REPLICA} as the CLI reads it (docs/schedules.md); the server checks the cron itself. */
final class ScheduleOptions {

    static final String DESCRIPTION = "A scaling window, CRON=MIN_REPLICA in UNIX cron syntax, e.g. '0 8 * * MON-FRI=1' "
            + "(repeatable; from each instant the cron names, the endpoint keeps at least MIN_REPLICA replicas).";

    private ScheduleOptions() {}

    /** The windows given, or null when none were. */
    static List<ScalingWindow> windows(List<String> given) {
        if (given == null || given.isEmpty()) return null;
        try {
            return given.stream().map(ScalingWindow::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.UserException(e.getMessage());
        }
    }
}
