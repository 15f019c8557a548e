package dev.hearth.server.endpoint;

import java.time.Instant;

/**
 * An endpoint as stored: the desired spec and state the API wrote, and the status the reconciler observed.
 *
 * @param specVersion    incremented by every accepted update; replicas carry the version they run
 * @param servingSpec    the last spec that reached {@code running}, kept so an endpoint whose update failed can
 *                       go on serving (and restarting) its previous configuration; null before the first success
 * @param servingVersion version of {@code servingSpec}; 0 when none
 * @param failedVersion  a spec version that failed to deploy and must not be retried; 0 when none
 */
public record Endpoint(
        EndpointId id,
        EndpointSpec spec,
        long specVersion,
        Desired desired,
        EndpointSpec servingSpec,
        long servingVersion,
        long failedVersion,
        Status status,
        Instant createdAt,
        Instant updatedAt,
        String createdBy) {

    /**
     * Observed status.
     *
     * @param readyReplicas  replicas answering their health route
     * @param targetReplicas replicas the reconciler is aiming for
     */
    public record Status(EndpointState state, String message, int readyReplicas, int targetReplicas) {

        public Status withState(EndpointState s, String m) {
            return new Status(s, m, readyReplicas, targetReplicas);
        }
    }

    public Endpoint withStatus(Status s, Instant now) {
        return new Endpoint(id, spec, specVersion, desired, servingSpec, servingVersion, failedVersion, s, createdAt, now, createdBy);
    }

    public Endpoint withDesired(Desired d, Status s, Instant now) {
        return new Endpoint(id, spec, specVersion, d, servingSpec, servingVersion, failedVersion, s, createdAt, now, createdBy);
    }

    public Endpoint withSpec(EndpointSpec newSpec, Status s, Instant now) {
        return new Endpoint(id, newSpec, specVersion + 1, desired, servingSpec, servingVersion, failedVersion, s, createdAt, now, createdBy);
    }

    public Endpoint withServing(EndpointSpec serving, long version) {
        return new Endpoint(id, spec, specVersion, desired, serving, version, failedVersion, status, createdAt, updatedAt, createdBy);
    }

    public Endpoint withFailedVersion(long version) {
        return new Endpoint(id, spec, specVersion, desired, servingSpec, servingVersion, version, status, createdAt, updatedAt, createdBy);
    }
}
