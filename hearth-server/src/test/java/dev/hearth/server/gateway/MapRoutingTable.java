package dev.hearth.server.gateway;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointState;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The reconciler's part played by a map: routes set by the test, wake signals recorded with their time. */
final class MapRoutingTable implements RoutingTable {

    private final Map<EndpointId, Route> routes = new ConcurrentHashMap<>();
    private final Map<EndpointId, List<Long>> wakes = new ConcurrentHashMap<>();

    void set(EndpointId id, String type, EndpointState state, Backend... ready) {
        routes.put(id, new Route(id, type, state, List.of(ready)));
    }

    void set(EndpointId id, String type, EndpointState state, Route.Capacity capacity, Backend... ready) {
        routes.put(id, new Route(id, type, state, List.of(ready), capacity));
    }

    @Override
    public Optional<Route> route(EndpointId id) {
        return Optional.ofNullable(routes.get(id));
    }

    @Override
    public void wake(EndpointId id) {
        wakes.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
    }

    int wakes(EndpointId id) {
        return wakes.getOrDefault(id, List.of()).size();
    }

    /** {@link System#nanoTime()} of the first wake signal. */
    long firstWake(EndpointId id) {
        return wakes.get(id).getFirst();
    }
}
