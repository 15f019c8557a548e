package dev.hearth.server.gateway;

import java.net.URI;

/**
 * A ready replica the gateway may send requests to.
 *
 * @param apiKey  the key the replica requires, sent as {@code Authorization: Bearer <apiKey>} in place of the
 *                caller's (which never reaches a replica); null when it requires none
 * @param keyName what the key is derived from with the shared replica-key secret (see
 *                {@code ReplicaKeys.keyFor}): the replica id for local replicas, the Deployment for pods. It is what a
 *                follower instance, which sees the leader's routes without their keys, derives the key from again.
 */
public record Backend(String replicaId, URI address, String apiKey, String keyName) {

    /** A backend whose key, if any, is derived from its replica id. */
    public Backend(String replicaId, URI address, String apiKey) {
        this(replicaId, address, apiKey, replicaId);
    }

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
