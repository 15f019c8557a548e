package dev.hearth.serving;

import io.javalin.http.HandlerType;

import java.util.List;
import java.util.stream.Stream;

/** One route a runtime serves: a method and a Javalin path pattern ({@code /pipeline/feature-extraction/<model>}). */
public record RouteKey(HandlerType method, String path) {

    public static RouteKey get(String path) {
        return new RouteKey(HandlerType.GET, path);
    }

    public static RouteKey post(String path) {
        return new RouteKey(HandlerType.POST, path);
    }

    /** The routes of several route classes, in order. */
    @SafeVarargs
    public static List<RouteKey> all(List<RouteKey>... groups) {
        return Stream.of(groups).flatMap(List::stream).toList();
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
