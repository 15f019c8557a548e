package dev.hearth.serving;

import io.javalin.http.HandlerType;

/** One route a runtime serves: a method and a Javalin path pattern ({@code /pipeline/feature-extraction/<model>}). */
public record RouteKey(HandlerType method, String path) {

    public static RouteKey get(String path) {
        return new RouteKey(HandlerType.GET, path);
    }

    public static RouteKey post(String path) {
        return new RouteKey(HandlerType.POST, path);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
