package dev.hearth.server.connections;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Creates, changes, checks and removes connections. A create or an update is saved only when its check passes (or the
 * server is waking); a re-check ({@link #test}) always saves what it found, as the connection's status.
 */
public final class ConnectionService {

    private static final Logger log = LoggerFactory.getLogger(ConnectionService.class);

    private final ConnectionRepository repository;
    private final Prober prober;
    private final Clock clock;

    public ConnectionService(ConnectionRepository repository, Prober prober, Clock clock) {
        this.repository = repository;
        this.prober = prober;
        this.clock = clock;
    }

    public Connection create(String namespace, ConnectionRequest r, String createdBy) {
        return create(namespace, r, createdBy, false);
    }

    /** Adds a connection; with {@code generate}, a ready one must also generate one token (else 422, nothing saved). */
    public Connection create(String namespace, ConnectionRequest r, String createdBy, boolean generate) {
        String name = r.nameOrDerived();
        if (repository.find(namespace, name).isPresent()) throw new InvalidConnectionException.Conflict(namespace, name);
        Probe p = prober.probe(r.kind(), r.endpoint(), r.apiKey(), r.modelName(), r.contextWindow());
        Instant now = clock.instant();
        Connection c = checked(new Connection(namespace, name, r.kind(), r.kind() != null, r.endpoint(), r.modelName(),
                r.contextWindow(), r.apiKey(), null, null, null, ConnectionState.WAKING, null, now, now, now, createdBy,
                r.promptBuilder()), p, now);
        if (generate && c.state() == ConnectionState.READY) prober.generateOne(c);
        if (!repository.insert(c)) throw new InvalidConnectionException.Conflict(namespace, name);
        log.info("connection {}/{} added: {} at {} ({})", namespace, name, c.modelName(), c.endpoint(), c.state().wire());
        return c;
    }

    /** Replaces the connection's credential; a body without {@code api_key} keeps the stored key. */
    public Connection update(String namespace, String name, ConnectionRequest r) {
        Connection old = get(namespace, name);
        if (r.name() != null && !r.name().equals(name)) {
            throw new InvalidConnectionException.BadRequest("name \"" + r.name() + "\" differs from the connection's, \""
                    + name + "\"; a connection cannot be renamed (add a new one and remove this)");
        }
        String key = r.apiKeyGiven() ? r.apiKey() : old.apiKey();
        Probe p = prober.probe(r.kind(), r.endpoint(), key, r.modelName(), r.contextWindow());
        Instant now = clock.instant();
        Connection c = checked(new Connection(namespace, name, r.kind(), r.kind() != null, r.endpoint(), r.modelName(),
                r.contextWindow(), key, null, null, null, ConnectionState.WAKING, null, now, old.createdAt(), now,
                old.createdBy(), r.promptBuilder()), p, now);
        if (!repository.update(c)) throw new InvalidConnectionException.NotFound(namespace, name);
        return c;
    }

    /** Checks the connection again and stores what was found: ready, waking, unreachable or unauthorized. */
    public Connection test(String namespace, String name) {
        return test(namespace, name, false);
    }

    /** {@link #test}; with {@code generate}, a ready connection must also generate one token (else 422, state kept). */
    public Connection test(String namespace, String name, boolean generate) {
        Connection c = recheck(get(namespace, name));
        if (generate && c.state() == ConnectionState.READY) prober.generateOne(c);
        return c;
    }

    Connection recheck(Connection old) {
        Instant now = clock.instant();
        ConnectionKind kind = old.kindGiven() ? old.kind() : null;
        Connection c;
        try {
            Probe p = prober.probe(kind, old.endpoint(), old.apiKey(), old.modelName(), old.contextWindow());
            c = checked(old, p, now);
        } catch (InvalidConnectionException.Refused e) {
            c = new Connection(old.namespace(), old.name(), old.kind(), old.kindGiven(), old.endpoint(), old.modelName(),
                    old.contextWindow(), old.apiKey(), old.task(), old.servedModel(), old.maxTotalTokens(), e.state(),
                    e.getMessage(), now, old.createdAt(), old.updatedAt(), old.createdBy(), old.promptBuilder());
        }
        if (!repository.update(c)) throw new InvalidConnectionException.NotFound(old.namespace(), old.name());
        return c;
    }

    /** Re-checks every waking connection; called in the background, so that one comes up {@code ready} by itself. */
    public void recheckWaking() {
        for (Connection c : repository.all()) {
            if (c.state() != ConnectionState.WAKING) continue;
            try {
                Connection after = recheck(c);
                if (after.state() != ConnectionState.WAKING) {
                    log.info("connection {}/{} is {}", c.namespace(), c.name(), after.state().wire());
                }
            } catch (RuntimeException e) {
                log.warn("re-checking connection {}/{} failed: {}", c.namespace(), c.name(), e.getMessage());
            }
        }
    }

    /** {@code c} with what the check found; the kind found wins over a given one only when none was given. */
    private static Connection checked(Connection c, Probe p, Instant now) {
        ConnectionKind kind = c.kindGiven() && c.kind() != null && p.kind() == null ? c.kind()
                : p.kind() != null ? p.kind() : c.kind();
        Integer context = c.contextWindow() != null ? c.contextWindow() : p.maxTotalTokens();
        return new Connection(c.namespace(), c.name(), kind, c.kindGiven(), c.endpoint(), c.modelName(), context,
                c.apiKey(), p.waking() ? c.task() : p.task(), p.waking() ? c.servedModel() : p.servedModel(),
                p.waking() ? c.maxTotalTokens() : p.maxTotalTokens(),
                p.waking() ? ConnectionState.WAKING : ConnectionState.READY, p.waking() ? p.detail() : null, now,
                c.createdAt(), c.updatedAt(), c.createdBy(), c.promptBuilder());
    }

    public Connection get(String namespace, String name) {
        return repository.find(namespace, name).orElseThrow(() -> new InvalidConnectionException.NotFound(namespace, name));
    }

    public List<Connection> list(String namespace) {
        return repository.list(namespace);
    }

    public List<Connection> all() {
        return repository.all();
    }

    public void delete(String namespace, String name) {
        if (!repository.delete(namespace, name)) throw new InvalidConnectionException.NotFound(namespace, name);
        log.info("connection {}/{} removed", namespace, name);
    }
}
