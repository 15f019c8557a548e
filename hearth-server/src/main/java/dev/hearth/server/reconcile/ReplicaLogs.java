package dev.hearth.server.reconcile;

import dev.hearth.server.provider.Replica;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The text of {@code GET /v2/endpoint/{ns}/{name}/logs}: each replica's recent lines under a header. */
final class ReplicaLogs {

    private ReplicaLogs() {}

    /** Newest replicas first; the last crash's lines too when its replica is no longer tracked. */
    static String render(List<Replica> replicas, Crash lastCrash, int lines) {
        StringBuilder out = new StringBuilder();
        List<Replica> sorted = new ArrayList<>(replicas);
        sorted.sort(Comparator.comparing(Replica::startedAt).reversed());
        for (Replica r : sorted) {
            out.append("==> replica ").append(r.replicaId()).append(" (").append(r.health().name().toLowerCase())
                    .append(", spec v").append(r.specVersion()).append(") <==\n").append(r.logTail(lines));
            if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') out.append('\n');
        }
        if (lastCrash != null && sorted.stream().noneMatch(r -> r.replicaId().equals(lastCrash.replicaId()))) {
            out.append("==> replica ").append(lastCrash.replicaId()).append(" (crashed, ").append(lastCrash.exit())
                    .append(") <==\n").append(lastCrash.logTail());
        }
        return out.toString();
    }
}
