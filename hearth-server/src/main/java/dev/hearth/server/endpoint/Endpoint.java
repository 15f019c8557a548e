package dev.hearth.server.endpoint;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * An endpoint as stored: the desired spec and state the API wrote, and the status the reconciler observed.
 *
 * @param incarnation    random, set when the endpoint is created: a delete and a re-create of the same name is another
 *                       incarnation, whose spec versions start again at 1. Replicas carry the incarnation (and the
 *                       version) they run, so a replica of a deleted endpoint is never taken for its namesake's
 * @param specVersion    incremented by every accepted update that changes what replicas run; replicas carry the
 *                       version they run. Within an incarnation one version number names one launch configuration
 * @param servingSpec    the last spec that reached {@code running}, kept so an endpoint whose update failed can
 *                       go on serving (and restarting) its previous configuration; null before the first success
 * @param servingVersion version of {@code servingSpec}; 0 when none
 * @param failedVersion  a spec version that failed to deploy and must not be retried; 0 when none
 * @param revision       the store's count of writes to this row; a read-modify-write stores its result only if the
 *                       row still has the revision it read (see {@code EndpointRepository#replace})
 */
public record Endpoint(
        EndpointId id,
        String incarnation,
        EndpointSpec spec,
        long specVersion,
        Desired desired,
        EndpointSpec servingSpec,
        long servingVersion,
        long failedVersion,
        Status status,
        Instant createdAt,
        Instant updatedAt,
        String createdBy,
        long revision) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new incarnation id: 16 hex digits, safe in replica ids, process labels and file names. */
    public static String newIncarnation() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

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
        return new Endpoint(id, incarnation, spec, specVersion, desired, servingSpec, servingVersion, failedVersion, s, createdAt, now, createdBy, revision);
    }

    public Endpoint withDesired(Desired d, Status s, Instant now) {
        return new Endpoint(id, incarnation, spec, specVersion, d, servingSpec, servingVersion, failedVersion, s, createdAt, now, createdBy, revision);
    }

    public Endpoint withSpec(EndpointSpec newSpec, Status s, Instant now) {
        return new Endpoint(id, incarnation, newSpec, specVersion + 1, desired, servingSpec, servingVersion, failedVersion, s, createdAt, now, createdBy, revision);
    }

    public Endpoint withServing(EndpointSpec serving, long version) {
        return new Endpoint(id, incarnation, spec, specVersion, desired, serving, version, failedVersion, status, createdAt, updatedAt, createdBy, revision);
    }

    public Endpoint withFailedVersion(long version) {
        return new Endpoint(id, incarnation, spec, specVersion, desired, servingSpec, servingVersion, version, status, createdAt, updatedAt, createdBy, revision);
    }
}
