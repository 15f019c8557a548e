package dev.hearth.server.provider;

import dev.hearth.server.endpoint.EndpointId;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** A running (or finished) replica as a provider tracks it. Implementations are thread-safe. */
public interface Replica {

    EndpointId endpoint();

    String replicaId();

    /** The endpoint incarnation it was launched for: a replica runs its spec version of that incarnation only. */
    String incarnation();

    long specVersion();

    /** Base URL of the replica's HTTP server, e.g. {@code http://127.0.0.1:41234}. */
    URI address();

    /**
     * The key the replica requires as {@code Authorization: Bearer <key>} on its inference routes (its health route
     * stays open); the gateway sends it. Empty when the replica requires none.
     */
    Optional<String> apiKey();

    /**
     * What {@link #apiKey()} is derived from with the replica-key secret every control-plane instance shares
     * ({@code ReplicaKeys.keyFor(keyName)}), so that an instance which did not start the replica can derive it again.
     * The replica id unless a provider keys several replicas alike (one key per Kubernetes Deployment).
     */
    default String keyName() {
        return replicaId();
    }

    ReplicaHealth health();

    /** Exit code once {@link ReplicaHealth#EXITED}; empty before, or when unknown (an adopted process). */
    Optional<Integer> exitCode();

    Instant startedAt();

    /** When the replica first answered its health route; empty until then. */
    Optional<Instant> readyAt();

    /** The replica's combined stdout/stderr log. */
    Path logFile();

    /**
     * Why the replica ended, in the words of what ran it (a pod's {@code CrashLoopBackOff}, {@code OOMKilled},
     * {@code Unschedulable: ...}), when that says more than its exit code; empty otherwise.
     */
    default Optional<String> exitReason() {
        return Optional.empty();
    }

    /** The last {@code lines} lines of the log (fewer if the log is shorter). */
    String logTail(int lines);
}
