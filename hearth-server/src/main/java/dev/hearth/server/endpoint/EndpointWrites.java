package dev.hearth.server.endpoint;

import dev.hearth.server.store.EndpointRepository;

import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The API's read-modify-writes of endpoint rows, made safe under concurrency in two layers:
 * <ul>
 *   <li>In this server, writes of one endpoint run one after the other (on a stripe of locks), each on the latest row:
 *       two concurrent sparse updates both apply, in some order, and neither is lost.</li>
 *   <li>In the store, a write lands only if the row still has the revision it was read at
 *       ({@link EndpointRepository#replace}); the reconciler, or another server instance on the same store, may
 *       have written it meanwhile. Then the change is recomputed on a fresh read, a few times, and after that
 *       refused with {@link ConcurrentChangeException} (409), rather than overwrite a write it never saw.</li>
 * </ul>
 * Because of both, a spec version names exactly one spec of an incarnation: the replica launched for a version runs
 * the spec the store holds for it.
 */
final class EndpointWrites {

    /** Enough to outlast the reconciler's status writes; only a writer that never pauses exhausts it. */
    static final int ATTEMPTS = 8;
    private static final int STRIPES = 64;

    private final EndpointRepository repository;
    private final Function<EndpointId, Endpoint> read;
    private final Runnable nudge;
    private final Object[] locks = new Object[STRIPES];

    /** @param read the current row, or {@link EndpointService.NotFound} */
    EndpointWrites(EndpointRepository repository, Function<EndpointId, Endpoint> read, Runnable nudge) {
        this.repository = repository;
        this.read = read;
        this.nudge = nudge;
        for (int i = 0; i < STRIPES; i++) locks[i] = new Object();
    }

    /**
     * Stores {@code change} applied to the latest row and returns what was stored (with the revision it was based
     * on). {@code change} may run more than once, each time on a fresher row, so it must not have side effects
     * beyond checks; what it throws (a validation error, an invalid state) is the answer.
     */
    Endpoint change(EndpointId id, UnaryOperator<Endpoint> change) {
        synchronized (lockOf(id)) {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Endpoint basis = read.apply(id);
                Endpoint next = change.apply(basis);
                if (repository.replace(basis, next)) {
                    nudge.run();
                    return next;
                }
            }
            throw new ConcurrentChangeException(id);
        }
    }

    /** Deletes the endpoint as it is now (a re-created namesake included) and returns what was deleted. */
    Endpoint delete(EndpointId id) {
        synchronized (lockOf(id)) {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Endpoint basis = read.apply(id);
                if (repository.delete(basis)) {
                    nudge.run();
                    return basis;
                }
            }
            throw new ConcurrentChangeException(id);
        }
    }

    private Object lockOf(EndpointId id) {
        return locks[Math.floorMod(id.hashCode(), STRIPES)];
    }
}
