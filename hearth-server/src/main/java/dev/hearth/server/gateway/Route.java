package dev.hearth.server.gateway;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointState;

import java.util.List;

/**
 * What the gateway needs to know about an endpoint right now.
 *
 * @param type  {@code public}, {@code protected}, {@code authenticated} or {@code private}
 * @param ready replicas whose health route answers 200, in no particular order
 */
public record Route(EndpointId id, String type, EndpointState state, List<Backend> ready) {

    public Route {
        ready = List.copyOf(ready);
    }
}
