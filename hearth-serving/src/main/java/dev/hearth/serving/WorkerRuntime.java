package dev.hearth.serving;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What one kind of worker (text generation over TGI's API, embeddings over TEI's) adds to the shared lifecycle of
 * {@link WorkerServer}. Everything here is a real difference between the two APIs, named as such.
 *
 * @param routes    every route the loaded model serves. Javalin 7 fixes its routes before the port opens, while a
 *                  worker's port must open before its model loads, so the routes are declared here and their
 *                  handlers bound by {@code load}
 * @param configure the API's own error mapping and its {@code --api-key} gate (which routes stay open, how the key is
 *                  compared): installed before the loading gate, so an unauthorized caller gets 401 even while the
 *                  model loads
 * @param unhealthy the answer while the model loads: 503 in the API's own error shape
 * @param load      loads the model and binds a handler to each declared route; runs once the port is open
 * @param <M>       the loaded model and what serves it; closed when the worker closes
 */
public record WorkerRuntime<M extends AutoCloseable>(List<RouteKey> routes, Consumer<RoutesConfig> configure,
                                                     Consumer<Context> unhealthy, Function<Routes, M> load) {

    public WorkerRuntime {
        routes = List.copyOf(routes);
    }
}
