package dev.hearth.server.reconcile;

import dev.hearth.server.endpoint.Desired;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointState;

import java.util.List;

/**
 * The {@code status.state} and {@code status.message} clients read. Messages quote the failing replica's own
 * words (its exit and last log lines), because "failed" alone sends the user to the logs for every diagnosis.
 */
final class StatusMessages {

    private StatusMessages() {}

    /** An endpoint that runs nothing: paused, scaled to zero, or failed (which keeps the message that failed it). */
    static Endpoint.Status halted(Endpoint e) {
        return switch (e.desired()) {
            case PAUSED -> new Endpoint.Status(EndpointState.PAUSED, "Endpoint is paused", 0, 0);
            case SCALED_TO_ZERO -> new Endpoint.Status(EndpointState.SCALED_TO_ZERO,
                    "Endpoint is scaled to zero; the next request wakes it", 0, 0);
            case ACTIVE -> new Endpoint.Status(EndpointState.FAILED, e.status().message(), 0, 0);
        };
    }

    static Endpoint.Status updateFailed(Crash last, int ready, int target) {
        return new Endpoint.Status(EndpointState.UPDATE_FAILED, "Update failed: the new replica kept crashing" + why(last),
                ready, target);
    }

    static Endpoint.Status crashLooping(Crash last) {
        return new Endpoint.Status(EndpointState.FAILED, "Endpoint failed to start: the replica kept crashing" + why(last), 0, 0);
    }

    /** The provider or the launch planner refused to start a replica (model missing, hardware not offered). */
    static Endpoint.Status startRefused(String reason) {
        return new Endpoint.Status(EndpointState.FAILED, "Endpoint failed to start: " + reason, 0, 0);
    }

    static Endpoint.Status idle() {
        return new Endpoint.Status(EndpointState.SCALED_TO_ZERO, "Endpoint scaled to zero after being idle", 0, 0);
    }

    /** A request reached a scaled-to-zero endpoint; one replica is wanted at once, whatever the autoscaler says later. */
    static Endpoint.Status wakingUp() {
        return new Endpoint.Status(EndpointState.INITIALIZING, "Scaling up from zero: starting a replica", 0, 1);
    }

    /** A scaling window opens on a scaled-to-zero endpoint (or its pre-warm begins): its replicas start, no request needed. */
    static Endpoint.Status scheduledWake() {
        return new Endpoint.Status(EndpointState.INITIALIZING, "Scaling window opening: starting replicas ahead of it", 0, 1);
    }

    /**
     * The facts about an active endpoint that its state follows from, after this pass's starts and stops.
     *
     * @param updateFailed  the current spec failed to deploy; the previous one serves
     * @param updating      replicas of another version still run
     * @param readyCurrent  ready replicas of the version being deployed
     * @param everStarted   some replica was started for it (or one of this version runs)
     * @param progress      the last log line of the first replica of this version; empty when none
     * @param crashOfThis   the last crash when it was of this version; null otherwise
     */
    record Active(boolean updateFailed, boolean updating, int readyCurrent, boolean everStarted, String progress,
                  Crash crashOfThis) {}

    static Endpoint.Status active(Endpoint e, Active a, int ready, int target) {
        if (a.updateFailed()) return new Endpoint.Status(EndpointState.UPDATE_FAILED, e.status().message(), ready, target);
        if (a.updating()) return new Endpoint.Status(EndpointState.UPDATING, "Endpoint waiting for the update", ready, target);
        if (a.readyCurrent() > 0) return new Endpoint.Status(EndpointState.RUNNING, "Endpoint is ready", ready, target);
        if (a.everStarted()) {
            String message = a.crashOfThis() != null
                    ? "Replica crashed (" + a.crashOfThis().exit() + "), restarting: " + lastLines(a.crashOfThis().logTail(), 1)
                    : "Starting replica" + (a.progress().isBlank() ? ": loading the model" : ": " + a.progress());
            return new Endpoint.Status(EndpointState.INITIALIZING, message, ready, target);
        }
        return new Endpoint.Status(EndpointState.PENDING, "Endpoint waiting to be scheduled", ready, target);
    }

    private static String why(Crash last) {
        return last == null ? "" : " (" + last.exit() + "): " + lastLines(last.logTail(), 5);
    }

    /** The last {@code n} non-blank lines, joined on one line. */
    static String lastLines(String text, int n) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    static boolean runsNothing(Endpoint e) {
        return e.desired() != Desired.ACTIVE || e.status().state() == EndpointState.FAILED;
    }
}
