package dev.hearth.serving;

import io.javalin.http.Handler;

/**
 * Where a loaded runtime binds the handlers of the routes it declared ({@link WorkerRuntime#routes()}). The same
 * verbs as Javalin's, so route classes read as they would against Javalin itself.
 */
public interface Routes {

    void bind(RouteKey route, Handler handler);

    default void get(String path, Handler handler) {
        bind(RouteKey.get(path), handler);
    }

    default void post(String path, Handler handler) {
        bind(RouteKey.post(path), handler);
    }
}
