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
            out.append("==> replica ").append(r.replicaId()).append(" (").append(label(r)).append(") <==\n")
                    .append(r.logTail(lines));
            if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') out.append('\n');
        }
        if (lastCrash != null && sorted.stream().noneMatch(r -> r.replicaId().equals(lastCrash.replicaId()))) {
            out.append("==> replica ").append(lastCrash.replicaId()).append(" (crashed, ").append(lastCrash.exit())
                    .append(") <==\n").append(lastCrash.logTail());
        }
        return out.toString();
    }

    /** The same replicas as {@link #render}, as logs to follow. */
    static List<ReplicaLog> sources(List<Replica> replicas, Crash lastCrash) {
        List<Replica> sorted = new ArrayList<>(replicas);
        sorted.sort(Comparator.comparing(Replica::startedAt).reversed());
        List<ReplicaLog> out = new ArrayList<>();
        for (Replica r : sorted) out.add(new ReplicaLog(r.replicaId(), label(r), r.logFile(), r::logTail));
        if (lastCrash != null && sorted.stream().noneMatch(r -> r.replicaId().equals(lastCrash.replicaId()))) {
            // Not a file: the crash's lines were read when it crashed, and its file may be gone.
            out.add(new ReplicaLog(lastCrash.replicaId(), "crashed, " + lastCrash.exit(), null, n -> lastCrash.logTail()));
        }
        return out;
    }

    private static String label(Replica r) {
        return r.health().name().toLowerCase() + ", spec v" + r.specVersion();
    }
}
