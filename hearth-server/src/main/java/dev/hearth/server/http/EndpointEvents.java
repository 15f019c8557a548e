package dev.hearth.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.endpoint.EndpointId;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The stream of endpoint changes behind {@code GET /v2/events}: every write to an endpoint's row (the API's and the
 * reconciler's) is heard through the repository, the endpoint is read again and rendered as {@code GET} renders it,
 * and subscribers allowed to see its namespace get it when it differs from what was last sent. A rescan every
 * {@link #RESCAN} also catches what changes without a write (the last activity behind the idle countdown) and writes
 * by another process on the same store. With several instances on one store, {@link #watchRevisions} makes the
 * writes of the others heard within {@link #REVISIONS} too: each endpoint's revision is read (one cheap query, no
 * spec decoded) and the endpoints whose revision moved are read again, as if written here.
 *
 * <p>One thread reads and compares; each subscriber has a bounded queue of its own, so a slow browser never holds
 * up the others or the writers: a subscriber whose queue is full is dropped (its browser reconnects and reloads).
 */
public final class EndpointEvents implements AutoCloseable {

    static final Duration RESCAN = Duration.ofSeconds(5);
    static final Duration REVISIONS = Duration.ofSeconds(1);
    private static final int QUEUE = 512;

    /** One change: {@code endpoint} with the endpoint's view, or {@code deleted} with its namespace and name. */
    public record Event(String namespace, String type, String data) {}

    /** A browser's stream; {@link #next} waits for its next event. */
    public final class Subscription implements AutoCloseable {
        private final Principal principal;
        private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>(QUEUE);
        private volatile boolean dropped;

        private Subscription(Principal principal) {
            this.principal = principal;
        }

        /** The next event, or empty after {@code timeout} without one; throws when the subscriber fell behind. */
        public Optional<Event> next(Duration timeout) throws InterruptedException {
            if (dropped) throw new IllegalStateException("fell behind");
            return Optional.ofNullable(queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
        }

        private void offer(Event e) {
            if (!principal.mayAccess(e.namespace())) return;
            if (!queue.offer(e)) dropped = true;
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }

    private final Function<EndpointId, Optional<ObjectNode>> viewer;
    private final Supplier<List<EndpointId>> allIds;
    private final BlockingQueue<EndpointId> changed = new LinkedBlockingQueue<>();
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    /** What was last sent for each endpoint; touched by the reading thread only. */
    private final Map<EndpointId, String> lastSent = new HashMap<>();
    private final Duration rescanEvery;
    private final Duration revisionsEvery;
    private volatile Supplier<Map<EndpointId, String>> revisions;
    /**
     * The revisions last read: the reading thread's, except that a subscriber arriving while none listened sets the
     * baseline itself, so that the writes made elsewhere after {@link #subscribe} returns are all heard.
     */
    private volatile Map<EndpointId, String> lastRevisions;
    private final Thread reader;

    /**
     * @param viewer the endpoint's view as {@code GET /v2/endpoint/{ns}/{name}} answers it, empty when it is gone
     * @param allIds every endpoint now in the store, for the rescan
     */
    public EndpointEvents(Function<EndpointId, Optional<ObjectNode>> viewer, Supplier<List<EndpointId>> allIds) {
        this(viewer, allIds, RESCAN, REVISIONS);
    }

    EndpointEvents(Function<EndpointId, Optional<ObjectNode>> viewer, Supplier<List<EndpointId>> allIds,
                   Duration rescanEvery, Duration revisionsEvery) {
        this.viewer = viewer;
        this.allIds = allIds;
        this.rescanEvery = rescanEvery;
        this.revisionsEvery = revisionsEvery;
        this.reader = Thread.ofVirtual().name("endpoint-events").start(this::run);
    }

    /** Called on every write; never blocks. */
    public void changed(EndpointId id) {
        changed.offer(id);
    }

    /**
     * Hears the writes of other instances on the same store: {@code revisions} (each endpoint's
     * {@code incarnation:revision}) is read every {@link #REVISIONS} while someone listens.
     */
    public void watchRevisions(Supplier<Map<EndpointId, String>> revisions) {
        this.revisions = revisions;
    }

    public Subscription subscribe(Principal principal) {
        Subscription s = new Subscription(principal);
        subscribers.add(s);
        Supplier<Map<EndpointId, String>> watched = revisions;
        if (watched != null && lastRevisions == null) {
            try {
                lastRevisions = watched.get();
            } catch (RuntimeException e) {
                // the reading thread takes the baseline on its next read
            }
        }
        return s;
    }

    private void run() {
        long rescannedAt = System.nanoTime();
        long revisionsReadAt = System.nanoTime();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                // Woken at least every revisionsEvery, so that a watch set after this thread started is read soon.
                EndpointId id = changed.poll(Math.min(rescanEvery.toMillis(), revisionsEvery.toMillis()), TimeUnit.MILLISECONDS);
                if (id != null) {
                    Set<EndpointId> batch = new java.util.LinkedHashSet<>();
                    batch.add(id);
                    changed.drainTo(batch);
                    batch.forEach(i -> publishIfChanged(i, true));
                }
                long now = System.nanoTime();
                if (revisions != null && now - revisionsReadAt >= revisionsEvery.toNanos()) {
                    revisionsReadAt = now;
                    readRevisions();
                }
                // Only when no write was heard for a while, as before: a busy store is read by its writes.
                if (id == null && now - rescannedAt >= rescanEvery.toNanos()) {
                    rescannedAt = now;
                    rescan();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads again the endpoints whose revision moved (or that appeared or went) since the last read. */
    private void readRevisions() {
        if (subscribers.isEmpty()) {
            lastRevisions = null; // nobody listens: the next subscriber starts from a GET of the list
            return;
        }
        Map<EndpointId, String> now;
        try {
            now = revisions.get();
        } catch (RuntimeException e) {
            return; // a store busy or closing: the next read tries again
        }
        Map<EndpointId, String> before = lastRevisions;
        lastRevisions = now;
        if (before == null) return; // the first read is the baseline
        Set<EndpointId> moved = new java.util.LinkedHashSet<>();
        now.forEach((id, rev) -> { if (!rev.equals(before.get(id))) moved.add(id); });
        before.keySet().forEach(id -> { if (!now.containsKey(id)) moved.add(id); });
        moved.forEach(i -> publishIfChanged(i, true));
    }

    private void rescan() {
        try {
            Set<EndpointId> ids = new java.util.LinkedHashSet<>(allIds.get());
            ids.addAll(lastSent.keySet()); // deleted since: their "deleted" is sent
            ids.forEach(i -> publishIfChanged(i, false));
        } catch (RuntimeException e) {
            // A store busy or closing: the next rescan tries again.
        }
    }

    private void publishIfChanged(EndpointId id, boolean written) {
        if (subscribers.isEmpty()) {
            lastSent.clear(); // nobody listens; a new subscriber starts from a GET of the list anyway
            return;
        }
        Optional<ObjectNode> view;
        try {
            view = viewer.apply(id);
        } catch (RuntimeException e) {
            return;
        }
        if (view.isEmpty()) {
            // A rescan reports the deletes of endpoints it sent; a delete heard from a write is always reported.
            if (lastSent.remove(id) == null && !written) return;
            broadcast(new Event(id.namespace(), "deleted",
                    "{\"namespace\":" + quote(id.namespace()) + ",\"name\":" + quote(id.name()) + "}"));
            return;
        }
        ObjectNode v = view.get();
        v.put("namespace", id.namespace());
        String json = v.toString();
        if (json.equals(lastSent.put(id, json))) return;
        broadcast(new Event(id.namespace(), "endpoint", json));
    }

    private void broadcast(Event e) {
        subscribers.forEach(s -> s.offer(e));
    }

    private static String quote(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
