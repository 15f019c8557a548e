package dev.hearth.server.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.store.EndpointRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The Inference Endpoints operations. Each one validates, writes the desired state to the store, and nudges the
 * reconciler; none of them starts or stops anything itself. Changes of an existing endpoint go through
 * {@link EndpointWrites}: one after the other, each on the latest row, so none is lost.
 */
public final class EndpointService {

    /** Checks an accepted spec can be launched here: hardware offered, model found. Throws IllegalArgumentException. */
    @FunctionalInterface
    public interface LaunchCheck {
        void check(EndpointSpec spec);
    }

    /** Thrown when the named endpoint does not exist. */
    public static final class NotFound extends RuntimeException {
        public NotFound(EndpointId id) {
            super("Endpoint " + id + " not found", null, false, false);
        }
    }

    /** Thrown when a create names an endpoint that exists. */
    public static final class Conflict extends RuntimeException {
        public Conflict(EndpointId id) {
            super("Endpoint " + id + " already exists", null, false, false);
        }
    }

    /** Thrown for a request that does not fit the endpoint's state (resume of a running endpoint). */
    public static final class InvalidState extends RuntimeException {
        public InvalidState(String message) {
            super(message, null, false, false);
        }
    }

    private final EndpointRepository repository;
    private final LaunchCheck launchCheck;
    private final CustomCommands customCommands;
    private final ModelFolders modelFolders;
    private final Runnable nudge;
    private final Clock clock;
    private final EndpointWrites writes;

    public EndpointService(EndpointRepository repository, LaunchCheck launchCheck, CustomCommands customCommands,
                           ModelFolders modelFolders, Runnable nudge, Clock clock) {
        this.repository = repository;
        this.launchCheck = launchCheck;
        this.customCommands = customCommands;
        this.modelFolders = modelFolders;
        this.nudge = nudge;
        this.clock = clock;
        this.writes = new EndpointWrites(repository, this::get, nudge);
    }

    /** Creates an endpoint in {@code namespace} (which {@code caller} may access) on behalf of {@code caller}. */
    public Endpoint create(Principal caller, String namespace, JsonNode body) {
        EndpointRequests.checkNamespace(namespace);
        String name = body != null && body.path("name").isTextual() ? body.get("name").asText() : null;
        EndpointRequests.checkName(name);
        EndpointSpec spec = EndpointRequests.create(body);
        customCommands.check(caller, spec);
        modelFolders.check(caller, spec);
        checkLaunch(spec);
        String createdBy = caller.namespace();
        Instant now = clock.instant();
        EndpointId id = new EndpointId(namespace, name);
        Endpoint e = new Endpoint(id, Endpoint.newIncarnation(), spec, 1, Desired.ACTIVE, null, 0, 0,
                new Endpoint.Status(EndpointState.PENDING, "Endpoint waiting to be scheduled", 0, Math.max(1, spec.compute().scaling().minReplica())),
                now, now, createdBy, 0);
        if (!repository.insert(e)) throw new Conflict(id);
        nudge.run();
        return e;
    }

    public Endpoint get(EndpointId id) {
        check(id);
        return repository.find(id).orElseThrow(() -> new NotFound(id));
    }

    public List<Endpoint> list(String namespace) {
        EndpointRequests.checkNamespace(namespace);
        return repository.list(namespace);
    }

    /**
     * Applies a patch. A change to what a replica runs (model, image, env, secrets, command, size) starts a rolling
     * update; a change to scaling, type or tags applies without restarting anything. A patch that changes the model
     * of an endpoint that runs (or is to run) a custom command is one that {@link CustomCommands} must allow; one
     * that leaves such a model as it is (scaling, type, tags) needs no more than access to the namespace.
     */
    public Endpoint update(Principal caller, EndpointId id, JsonNode patch) {
        return writes.change(id, e -> updated(caller, e, patch));
    }

    /** The patch applied to {@code e}, the latest row, on behalf of {@code caller}. */
    private Endpoint updated(Principal caller, Endpoint e, JsonNode patch) {
        EndpointSpec spec = EndpointRequests.update(e.spec(), patch);
        if (!spec.model().equals(e.spec().model())) {
            customCommands.check(caller, spec);
            modelFolders.check(caller, spec);
        }
        Instant now = clock.instant();
        if (!launchRelevant(e.spec()).equals(launchRelevant(spec))) {
            checkLaunch(spec);
            Endpoint.Status status = switch (e.status().state()) {
                case RUNNING, UPDATING, UPDATE_FAILED -> e.status().withState(EndpointState.UPDATING, "Endpoint waiting for the update");
                case FAILED -> e.status().withState(EndpointState.PENDING, "Endpoint waiting to be scheduled");
                default -> e.status();
            };
            e = e.withSpec(spec, status, now);
        } else {
            e = new Endpoint(e.id(), e.incarnation(), spec, e.specVersion(), e.desired(), e.servingSpec(), e.servingVersion(),
                    e.failedVersion(), e.status(), e.createdAt(), now, e.createdBy(), e.revision());
        }
        return e;
    }

    public Endpoint delete(EndpointId id) {
        return writes.delete(id);
    }

    public Endpoint pause(EndpointId id) {
        return writes.change(id, e -> e.withDesired(Desired.PAUSED,
                new Endpoint.Status(EndpointState.PAUSED, "Endpoint is paused", 0, 0), clock.instant()));
    }

    /** Resumes a paused, scaled-to-zero or failed endpoint; a running one answers "already running" (HTTP 400). */
    public Endpoint resume(EndpointId id) {
        return writes.change(id, this::resumed);
    }

    private Endpoint resumed(Endpoint e) {
        EndpointId id = e.id();
        if (e.desired() == Desired.ACTIVE && e.status().state() == EndpointState.RUNNING) {
            throw new InvalidState("Endpoint " + id + " is already running");
        }
        Endpoint.Status status = new Endpoint.Status(EndpointState.PENDING, "Endpoint waiting to be scheduled", 0,
                Math.max(1, e.spec().compute().scaling().minReplica()));
        if (e.desired() == Desired.ACTIVE && e.status().state() != EndpointState.FAILED) status = e.status();
        // A failed version is retried on resume: the user may have fixed what made it crash.
        return new Endpoint(e.id(), e.incarnation(), e.spec(), e.specVersion(), Desired.ACTIVE, e.servingSpec(),
                e.servingVersion(), 0, status, e.createdAt(), clock.instant(), e.createdBy(), e.revision());
    }

    public Endpoint scaleToZero(EndpointId id) {
        return writes.change(id, e -> {
            if (e.desired() == Desired.PAUSED) throw new InvalidState("Endpoint " + id + " is paused; resume it first");
            return e.withDesired(Desired.SCALED_TO_ZERO,
                    new Endpoint.Status(EndpointState.SCALED_TO_ZERO, "Endpoint is scaled to zero; the next request wakes it", 0, 0),
                    clock.instant());
        });
    }

    private void checkLaunch(EndpointSpec spec) {
        try {
            launchCheck.check(spec);
        } catch (IllegalArgumentException ex) {
            throw new InvalidEndpointException(ex.getMessage());
        }
    }

    private static void check(EndpointId id) {
        EndpointRequests.checkNamespace(id.namespace());
        EndpointRequests.checkName(id.name());
    }

    /** The part of a spec a running replica depends on. */
    private static Object launchRelevant(EndpointSpec s) {
        return List.of(s.model(), s.compute().instanceType(), s.compute().instanceSize(), s.compute().accelerator(),
                Objects.toString(s.provider()));
    }

}
