package dev.hearth.client;

import java.util.Objects;

/**
 * One entry of an endpoint's scaling schedule, Hearth's extension of the Inference Endpoints API (docs/schedules.md):
 * from each instant the UNIX cron expression {@code cron} names, in the schedule's timezone, the endpoint keeps at
 * least {@code minReplica} replicas, until the next entry fires. Hearth starts replicas ahead of a rise by the
 * endpoint's measured cold start.
 *
 * @param cron five fields, e.g. {@code 0 8 * * MON-FRI}
 */
public record ScalingWindow(String cron, int minReplica) {

    public ScalingWindow {
        Objects.requireNonNull(cron, "cron");
    }

    /**
     * Reads {@code CRON=MIN_REPLICA}, e.g. {@code 0 8 * * MON-FRI=1} (the CLI's {@code --schedule}); the server checks
     * the expression itself.
     */
    public static ScalingWindow parse(String text) {
        int eq = text.lastIndexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("a schedule entry is CRON=MIN_REPLICA, e.g. '0 8 * * MON-FRI=1', not '" + text + "'");
        }
        String floor = text.substring(eq + 1).trim();
        try {
            return new ScalingWindow(text.substring(0, eq).trim(), Integer.parseInt(floor));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the replicas after '=' in '" + text + "' must be a whole number, not '" + floor + "'");
        }
    }

    @Override
    public String toString() {
        return cron + "=" + minReplica;
    }
}
