package dev.hearth.serving;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;

/**
 * What one kind of worker (text generation over TGI's API, embeddings over TEI's) adds to the shared lifecycle of
 * {@link WorkerServer}. Everything here is a real difference between the two APIs, named as such.
 *
 * @param <M> the loaded model and what serves it; closed when the worker closes
 */
public interface WorkerRuntime<M extends AutoCloseable> {

    /**
     * Every route the loaded model serves. Javalin 7 fixes its routes before the port opens, while a worker's port
     * must open before its model loads, so the routes are declared here and their handlers bound by {@link #load}.
     */
    List<RouteKey> routes();

    /**
     * The API's own error mapping and its {@code --api-key} gate (which routes stay open, how the key is compared):
     * installed before the loading gate, so an unauthorized caller gets 401 even while the model loads.
     */
    void configure(RoutesConfig routes);

    /** The answer while the model loads: 503 in the API's own error shape. */
    void unhealthy(Context ctx);

    /** Loads the model and binds a handler to each route of {@link #routes()}. Runs once the port is open. */
    M load(Routes routes);
}
