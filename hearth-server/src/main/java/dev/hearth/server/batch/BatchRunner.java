package dev.hearth.server.batch;

import dev.hearth.server.auth.Principal;
import dev.hearth.server.endpoint.Desired;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointService;
import dev.hearth.server.endpoint.EndpointState;
import dev.hearth.server.gateway.InProcessCalls;
import dev.hearth.server.gateway.InProcessCalls.Answer;
import dev.hearth.server.gateway.LoadTracker;
import dev.hearth.server.gateway.Route;
import dev.hearth.server.gateway.RoutingTable;
import dev.hearth.server.store.EndpointRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Runs the batches, on the leader only (followers answer the API from the store; a new leader takes over from what
 * the store says). Every tick: validate new batches; send the pending lines of running ones, resuming a paused
 * endpoint a line needs (and remembering in the store that it did) and waking a scaled-to-zero one by sending to it,
 * within {@link BatchScheduling}'s rule; finish batches whose lines are all answered, past their window, or
 * cancelled, once their lines in flight are back; and pause again every endpoint it resumed that no running batch
 * still needs.
 *
 * <p>Each answer is recorded in the store before the line counts as done, and a line with a recorded answer is never
 * sent again; so after kill -9 a restart sends only the lines that had no answer yet (one that was in flight runs
 * again, and only its first answer is kept), and the output holds every line exactly once.
 */
public final class BatchRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);

    /**
     * @param perEndpoint most lines in flight on one endpoint or connection ({@code HEARTH_BATCH_CONCURRENCY})
     * @param tick        how often the runner looks at the store when nothing signals it
     * @param retryAfter  how long a line that could not be served yet (no replica ready in time, replica full)
     *                    waits before it is tried again
     * @param scaleUpWait how long one line waits at the gateway for a replica of a waking endpoint
     */
    public record Settings(int perEndpoint, Duration tick, Duration retryAfter, Duration scaleUpWait) {
        public Settings {
            if (perEndpoint < 1) throw new IllegalArgumentException("perEndpoint must be at least 1, not " + perEndpoint);
        }

        public static Settings defaults() {
            return new Settings(2, Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMinutes(5));
        }
    }

    private final BatchRepository batches;
    private final FileRepository files;
    private final LineValidator validator;
    private final ModelTargets targets;
    private final LineExecutor executor;
    private final EndpointRepository endpoints;
    private final EndpointService service;
    private final RoutingTable routes;
    private final LoadTracker load;
    private final InProcessCalls calls;
    private final BooleanSupplier leading;
    private final Clock clock;
    private final Settings settings;
    private final BatchOutput output;

    /** Lines in flight, by batch; and how many by target. */
    private final Map<String, Set<Integer>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perTarget = new ConcurrentHashMap<>();
    /** batch#line → System.nanoTime() before which it is not tried again. */
    private final Map<String, Long> notBefore = new ConcurrentHashMap<>();
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean closed;
    private Thread thread;

    BatchRunner(BatchRepository batches, FileRepository files, LineValidator validator, ModelTargets targets,
                LineExecutor executor, EndpointRepository endpoints, EndpointService service, RoutingTable routes,
                LoadTracker load, InProcessCalls calls, BooleanSupplier leading, Clock clock, Settings settings) {
        this.batches = batches;
        this.files = files;
        this.validator = validator;
        this.targets = targets;
        this.executor = executor;
        this.endpoints = endpoints;
        this.service = service;
        this.routes = routes;
        this.load = load;
        this.calls = calls;
        this.leading = leading;
        this.clock = clock;
        this.settings = settings;
        this.output = new BatchOutput(clock);
    }

    public void start() {
        thread = Thread.ofVirtual().name("batch-runner").start(this::loop);
    }

    /** Asks for a tick now (a batch was created or cancelled, a line came back). */
    public void nudge() {
        signal.release();
    }

    private void loop() {
        while (!closed) {
            try {
                if (leading.getAsBoolean()) tick();
            } catch (RuntimeException e) {
                log.warn("batch runner tick failed: {}", e.toString(), e);
            }
            try {
                signal.tryAcquire(settings.tick().toMillis(), TimeUnit.MILLISECONDS);
                signal.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void tick() {
        long now = clock.instant().getEpochSecond();
        Map<String, Boolean> ready = new HashMap<>();
        for (Batch b : batches.unfinished()) {
            switch (b.status()) {
                case VALIDATING -> validate(b, now);
                case IN_PROGRESS -> {
                    if (now >= b.expiresAt()) {
                        if (idle(b)) finish(b, BatchStatus.IN_PROGRESS, BatchStatus.EXPIRED);
                    } else {
                        dispatch(b, ready);
                    }
                }
                case FINALIZING -> finish(b, BatchStatus.FINALIZING, BatchStatus.COMPLETED);
                case CANCELLING -> {
                    if (idle(b)) finish(b, BatchStatus.CANCELLING, BatchStatus.CANCELLED);
                }
                default -> { }
            }
        }
        putBackEndpoints();
    }

    private boolean idle(Batch b) {
        Set<Integer> lines = inFlight.get(b.id());
        return lines == null || lines.isEmpty();
    }

    private void validate(Batch b, long now) {
        byte[] content = files.content(b.namespace(), b.inputFileId()).orElse(null);
        LineValidator.Result result = content == null
                ? new LineValidator.Result(List.of(), List.of(new LineValidator.Problem("file_not_found",
                        "The input file " + b.inputFileId() + " was deleted before the batch was validated.", "input_file_id", null)))
                : validator.validate(content, b.endpoint(), targets.forOwner(new Principal(b.namespace(), b.ownerAdmin())));
        if (result.valid()) {
            if (batches.start(b.id(), result.lines(), now)) {
                log.info("batch {} of {}: {} lines, in progress", b.id(), b.namespace(), result.lines().size());
                nudge();
            }
        } else if (batches.fail(b.id(), BatchOutput.errors(result.problems()), now)) {
            log.info("batch {} of {} failed validation: {} problem(s)", b.id(), b.namespace(), result.problems().size());
        }
    }

    private void dispatch(Batch b, Map<String, Boolean> ready) {
        Set<Integer> mine = inFlight.computeIfAbsent(b.id(), k -> ConcurrentHashMap.newKeySet());
        long nowNanos = System.nanoTime();
        // Taken before the query: a line that finishes between the two is then still skipped. Checking the live set
        // instead would send again a line whose answer was recorded after the query read it as pending.
        Set<Integer> running = Set.copyOf(mine);
        List<BatchLine> pending = batches.pending(b.id(), running.size() + 64);
        if (pending.isEmpty()) { // every line answered (and so none in flight: a line is answered before it is let go)
            if (idle(b)) finish(b, BatchStatus.IN_PROGRESS, BatchStatus.COMPLETED);
            return;
        }
        for (BatchLine line : pending) {
            if (running.contains(line.line())) continue;
            Long wait = notBefore.get(key(b, line));
            if (wait != null && wait - nowNanos > 0) continue;
            if (!ready.computeIfAbsent(line.target(), t -> ready(t, b))) continue;
            if (!mayStart(line.target())) continue;
            start(b, line, mine);
        }
    }

    /** Whether a line for {@code target} may go now; resumes a paused endpoint (and says not yet). */
    private boolean ready(String target, Batch b) {
        EndpointId id = LineExecutor.endpointOf(target);
        if (id == null) return true;
        Endpoint e = endpoints.find(id).orElse(null);
        if (e == null) return true; // the line gets the gateway's 404, recorded as its answer
        if (e.desired() == Desired.PAUSED) {
            batches.rememberResumed(id.namespace(), id.name(), clock.instant().getEpochSecond());
            try {
                service.resume(id);
                log.info("batch {} resumed paused endpoint {}", b.id(), id);
            } catch (RuntimeException raced) {
                log.debug("resume of {} for batch {}: {}", id, b.id(), raced.toString());
            }
            return false;
        }
        Route route = routes.route(id).orElse(null);
        return route != null && route.state() != EndpointState.PAUSED;
    }

    /** {@link BatchScheduling#mayStart} with this instance's counts. */
    private boolean mayStart(String target) {
        int mine = perTarget.computeIfAbsent(target, k -> new AtomicInteger()).get();
        EndpointId id = LineExecutor.endpointOf(target);
        if (id == null) return BatchScheduling.mayStart(BatchScheduling.Load.remote(mine), settings.perEndpoint());
        Route route = routes.route(id).orElse(null);
        int ready = route == null ? 0 : route.ready().size();
        int perReplica = route == null ? 1 : route.capacity().perReplica();
        return BatchScheduling.mayStart(new BatchScheduling.Load(mine, load.waiting(id), calls.waiting(id), ready, perReplica,
                load.inFlight(id)), settings.perEndpoint());
    }

    private void start(Batch b, BatchLine line, Set<Integer> mine) {
        mine.add(line.line());
        AtomicInteger count = perTarget.computeIfAbsent(line.target(), k -> new AtomicInteger());
        count.incrementAndGet();
        long deadline = System.nanoTime() + Math.min(settings.scaleUpWait().toNanos(),
                Math.max(1, b.expiresAt() - clock.instant().getEpochSecond()) * 1_000_000_000L);
        Thread.ofVirtual().name("batch-line-" + b.id() + "-" + line.line()).start(() -> {
            try {
                Answer answer = executor.run(b.endpoint(), line, deadline);
                if (answer.retryable()) {
                    notBefore.put(key(b, line), System.nanoTime() + settings.retryAfter().toNanos());
                } else {
                    notBefore.remove(key(b, line));
                    batches.record(b.id(), line.line(), answer.status(), BatchOutput.requestId(),
                            new String(answer.body(), StandardCharsets.UTF_8));
                }
            } catch (RuntimeException e) {
                log.warn("line {} of batch {} failed to run: {}", line.line(), b.id(), e.toString());
                notBefore.put(key(b, line), System.nanoTime() + settings.retryAfter().toNanos());
            } finally {
                count.decrementAndGet();
                mine.remove(line.line());
                nudge();
            }
        });
    }

    private static String key(Batch b, BatchLine line) {
        return b.id() + "#" + line.line();
    }

    private void finish(Batch b, BatchStatus from, BatchStatus to) {
        if (to == BatchStatus.COMPLETED && from == BatchStatus.IN_PROGRESS) {
            if (!batches.finalizing(b.id(), clock.instant().getEpochSecond())) return;
            from = BatchStatus.FINALIZING;
        }
        BatchOutput.Files out = output.files(b, to, batches.results(b.id()));
        if (batches.finish(b, from, to, clock.instant().getEpochSecond(), out.output(), out.outputContent(),
                out.errors(), out.errorContent())) {
            log.info("batch {} of {} {}", b.id(), b.namespace(), to.wire());
            inFlight.remove(b.id());
            notBefore.keySet().removeIf(k -> k.startsWith(b.id() + "#"));
        }
    }

    /** Pauses again each endpoint the runner resumed once no running batch has a line left for it. */
    private void putBackEndpoints() {
        List<String> resumed = batches.resumed();
        if (resumed.isEmpty()) return;
        Set<String> needed = new HashSet<>(batches.neededTargets());
        perTarget.forEach((t, n) -> { if (n.get() > 0) needed.add(t); });
        for (String ns : resumed) {
            if (needed.contains(ModelTargets.ENDPOINT + ns)) continue;
            EndpointId id = LineExecutor.endpointOf(ModelTargets.ENDPOINT + ns);
            try {
                Endpoint e = endpoints.find(id).orElse(null);
                if (e != null && e.desired() != Desired.PAUSED) {
                    service.pause(id);
                    log.info("paused {} again: the batches that resumed it are done", id);
                }
                batches.forgetResumed(id.namespace(), id.name());
            } catch (RuntimeException raced) {
                log.debug("pausing {} again: {}", id, raced.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        nudge();
        if (thread != null) thread.interrupt();
    }
}
