package dev.hearth.server.leader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.hearth.server.ServerJson;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointState;
import dev.hearth.server.gateway.Backend;
import dev.hearth.server.gateway.Route;
import dev.hearth.server.gateway.RoutingTable;
import dev.hearth.server.provider.local.ReplicaKeys;
import dev.hearth.server.reconcile.Reconciler;
import dev.hearth.server.store.EndpointRepository;
import dev.hearth.server.store.RoutingRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The routing table shared through the store by the instances of one PostgreSQL: the leader {@link #publish}es
 * what its reconciler computed; every other instance routes by the latest publication, polled every {@code poll}
 * (one one-row query; the table is reloaded only when its version moved). A change made through any instance thus
 * reaches every gateway within the leader's next pass plus one poll.
 *
 * <p>A replica's key never goes into the store: a publication says only whether a replica requires one and the name
 * it is derived from ({@link Backend#keyName()}), and each instance derives it again with the replica-key secret
 * they all share ({@link ReplicaKeys}: the shared home's file, or one mounted from a Kubernetes Secret).
 */
public final class SharedRoutes implements RoutingTable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedRoutes.class);

    /** {@code keyName}: what the key is derived from; absent in publications of earlier versions (the replica id). */
    record WireBackend(String replicaId, String address, boolean keyed, String keyName) {}

    record WireRoute(String namespace, String name, String type, String state, int perReplica, int maxReplicas,
                     List<WireBackend> ready) {}

    private final RoutingRepository routing;
    private final EndpointRepository endpoints;
    private final ReplicaKeys keys;
    private final String instance;
    private final Clock clock;
    private final ScheduledExecutorService poller;
    private volatile Map<EndpointId, Route> latest = Map.of();
    private volatile long version = -1;

    public SharedRoutes(RoutingRepository routing, EndpointRepository endpoints, ReplicaKeys keys, String instance,
                        Clock clock) {
        this.routing = routing;
        this.endpoints = endpoints;
        this.keys = keys;
        this.instance = instance;
        this.clock = clock;
        this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("shared-routes").factory());
    }

    /** Starts polling the store for the leader's publications. */
    public void start(Duration poll) {
        refresh();
        poller.scheduleWithFixedDelay(this::refresh, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The leader's side: stores {@code routes} as the latest publication. */
    public void publish(Map<EndpointId, Route> routes) {
        List<WireRoute> wire = routes.values().stream().map(SharedRoutes::toWire).toList();
        try {
            routing.publish(ServerJson.MAPPER.writeValueAsString(wire), instance, clock.instant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public java.util.Optional<Route> route(EndpointId id) {
        return Reconciler.routeOrStore(latest.get(id), id, endpoints);
    }

    @Override
    public void wake(EndpointId id) {
        Reconciler.wakeInStore(endpoints, id, clock.instant());
    }

    /** The version of the publication routed by; -1 before the first read. */
    public long version() {
        return version;
    }

    private void refresh() {
        try {
            long now = routing.version();
            if (now == version) return;
            var published = routing.latest();
            if (published.isEmpty()) {
                latest = Map.of();
                version = 0;
                return;
            }
            List<WireRoute> wire = ServerJson.MAPPER.readValue(published.get().routes(), new TypeReference<>() {});
            Map<EndpointId, Route> next = new HashMap<>();
            for (WireRoute w : wire) {
                Route r = fromWire(w);
                next.put(r.id(), r);
            }
            latest = Map.copyOf(next);
            version = published.get().version();
        } catch (RuntimeException | JsonProcessingException e) {
            // The last table stays: replicas outlive a leader, so routing by it keeps serving meanwhile.
            log.warn("could not read the published routing table (keeping the last one): {}", e.getMessage());
        }
    }

    private static WireRoute toWire(Route r) {
        return new WireRoute(r.id().namespace(), r.id().name(), r.type(), r.state().name(), r.capacity().perReplica(),
                r.capacity().maxReplicas(), r.ready().stream()
                .map(b -> new WireBackend(b.replicaId(), b.address().toString(), b.apiKey() != null, b.keyName())).toList());
    }

    private Route fromWire(WireRoute w) {
        List<Backend> ready = w.ready().stream()
                .map(this::backendFromWire)
                .toList();
        return new Route(new EndpointId(w.namespace(), w.name()), w.type(), EndpointState.valueOf(w.state()), ready,
                new Route.Capacity(w.perReplica(), w.maxReplicas()));
    }

    private Backend backendFromWire(WireBackend b) {
        String keyName = b.keyName() == null ? b.replicaId() : b.keyName();
        return new Backend(b.replicaId(), URI.create(b.address()), b.keyed() ? keys.keyFor(keyName) : null, keyName);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
