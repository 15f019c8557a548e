package dev.hearth.server.gateway;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointState;

import java.util.List;

/**
 * What the gateway needs to know about an endpoint right now.
 *
 * @param type     {@code public}, {@code protected}, {@code authenticated} or {@code private}
 * @param ready    replicas whose health route answers 200, in no particular order
 * @param capacity how many requests one replica admits and how many replicas there may be
 */
public record Route(EndpointId id, String type, EndpointState state, List<Backend> ready, Capacity capacity) {

    /**
     * @param perReplica  requests one replica admits at once (its {@code --max-concurrent-requests}); more would
     *                    get its 429, so the gateway holds them instead
     * @param maxReplicas the most replicas the endpoint may have
     */
    public record Capacity(int perReplica, int maxReplicas) {

        /** A replica of unknown admission (a custom command): no cap. */
        public static final Capacity UNBOUNDED = new Capacity(Integer.MAX_VALUE, Integer.MAX_VALUE);

        public Capacity {
            if (perReplica < 1 || maxReplicas < 1) throw new IllegalArgumentException("capacity must be ≥ 1: " + perReplica + ", " + maxReplicas);
        }

        /** The most requests worth holding for the endpoint: what all its replicas together could admit. */
        public int total() {
            return (int) Math.min(Integer.MAX_VALUE, (long) perReplica * maxReplicas);
        }
    }

    public Route {
        ready = List.copyOf(ready);
    }

    /** A route without a known capacity. */
    public Route(EndpointId id, String type, EndpointState state, List<Backend> ready) {
        this(id, type, state, ready, Capacity.UNBOUNDED);
    }
}
