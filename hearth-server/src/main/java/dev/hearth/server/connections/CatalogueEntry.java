package dev.hearth.server.connections;

import dev.hearth.server.endpoint.EndpointId;

/**
 * One model a caller may call through the root router.
 *
 * @param id         what to pass as {@code model}: a connection's {@code model_name}, an endpoint's name
 * @param source     {@code endpoint} or {@code connection}
 * @param state      the endpoint's state ({@code running}, {@code scaledToZero}...) or the connection's
 * @param connection the connection, when the source is one (holds its key: never rendered as is)
 * @param endpoint   the endpoint, when the source is one
 * @param repository the endpoint's model repository; null for a connection
 */
public record CatalogueEntry(String id, String namespace, String source, String task, Integer contextWindow,
                             String state, long created, Connection connection, EndpointId endpoint, String repository) {

    public boolean isConnection() {
        return connection != null;
    }
}
