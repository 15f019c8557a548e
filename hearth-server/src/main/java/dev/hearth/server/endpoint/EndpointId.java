package dev.hearth.server.endpoint;

/** An endpoint's identity: unique name within a namespace (a user or organisation). */
public record EndpointId(String namespace, String name) {

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
