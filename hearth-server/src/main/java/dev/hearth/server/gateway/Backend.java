package dev.hearth.server.gateway;

import java.net.URI;

/**
 * A ready replica the gateway may send requests to.
 *
 * @param apiKey the key the replica requires, sent as {@code Authorization: Bearer <apiKey>} in place of the caller's
 *               (which never reaches a replica); null when it requires none
 */
public record Backend(String replicaId, URI address, String apiKey) {

    /** A replica that requires no key. */
    public Backend(String replicaId, URI address) {
        this(replicaId, address, null);
    }

    /** Never prints the key: backends appear in logs. */
    @Override
    public String toString() {
        return "Backend[" + replicaId + ", " + address + (apiKey == null ? "" : ", key set") + "]";
    }
}
