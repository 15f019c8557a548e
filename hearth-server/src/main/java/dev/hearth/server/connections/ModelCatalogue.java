package dev.hearth.server.connections;

import dev.hearth.server.auth.Principal;
import dev.hearth.server.endpoint.Desired;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointState;
import dev.hearth.server.store.EndpointRepository;

import java.util.ArrayList;
import java.util.List;

/**
 * Every model a principal may call: the managed endpoints and the connections of its namespace (an administrator's:
 * of every namespace). Read from the store only, never from the servers, so listing is never slowed by one.
 * Paused and failed endpoints are left out unless {@code all}: they cannot serve without an operator.
 */
public final class ModelCatalogue {

    private final EndpointRepository endpoints;
    private final ConnectionRepository connections;

    public ModelCatalogue(EndpointRepository endpoints, ConnectionRepository connections) {
        this.endpoints = endpoints;
        this.connections = connections;
    }

    public List<CatalogueEntry> visible(Principal p, boolean all) {
        List<CatalogueEntry> out = new ArrayList<>();
        for (Endpoint e : p.admin() ? endpoints.all() : endpoints.list(p.namespace())) {
            boolean paused = e.desired() == Desired.PAUSED || e.status().state() == EndpointState.PAUSED;
            if (!all && (paused || e.status().state() == EndpointState.FAILED)) continue;
            String max = e.spec().model().env().get("MAX_TOTAL_TOKENS");
            out.add(new CatalogueEntry(e.id().name(), e.id().namespace(), "endpoint", e.spec().model().task(),
                    max != null && max.matches("\\d{1,9}") ? Integer.valueOf(max) : null,
                    paused ? EndpointState.PAUSED.wire() : e.status().state().wire(),
                    e.createdAt().getEpochSecond(), null, e.id(), e.spec().model().repository()));
        }
        for (Connection c : p.admin() ? connections.all() : connections.list(p.namespace())) {
            out.add(new CatalogueEntry(c.modelName(), c.namespace(), "connection", c.task(), c.contextWindow(),
                    c.state().wire(), c.createdAt().getEpochSecond(), c, null, null));
        }
        return out;
    }
}
