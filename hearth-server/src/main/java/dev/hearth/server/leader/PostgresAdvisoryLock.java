package dev.hearth.server.leader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Leader election among the instances sharing one PostgreSQL database: the leader is whoever holds a session-level
 * advisory lock ({@code pg_try_advisory_lock}) on a connection of its own.
 *
 * <p>Invariants:
 * <ul>
 *   <li>The lock lives exactly as long as the session: when the leader dies (kill -9 included) its connection
 *       closes and PostgreSQL releases the lock; a follower's next try, at most {@code retry} later, wins it.</li>
 *   <li>The leader checks its session every {@code retry}; a check that fails (the database restarted, the network
 *       dropped) deposes it at once, before anyone else could have taken the lock over a new session, so two
 *       leaders overlap at most by the time PostgreSQL takes to notice the old session is gone.</li>
 *   <li>One thread does all of it, and calls the listener; a listener's exception is logged, never ends the loop.</li>
 * </ul>
 */
public final class PostgresAdvisoryLock implements Leadership {

    private static final Logger log = LoggerFactory.getLogger(PostgresAdvisoryLock.class);

    /** The lock's key: "hearth" in ASCII, then 1 for the reconciler. Any other user of the database must avoid it. */
    static final long LOCK_KEY = 0x6865617274680001L;

    private final Callable<Connection> connections;
    private final Duration retry;
    private final String instance;
    private volatile boolean leader;
    private volatile boolean running = true;
    private Thread thread;
    private Connection session;

    /**
     * @param connections opens a connection outside any pool (the lock's session)
     * @param retry       how often a follower tries for the lock and the leader checks it still holds it
     * @param instance    this instance's name, in logs
     */
    public PostgresAdvisoryLock(Callable<Connection> connections, Duration retry, String instance) {
        this.connections = connections;
        this.retry = retry;
        this.instance = instance;
    }

    @Override
    public synchronized void start(Listener listener) {
        if (thread != null) throw new IllegalStateException("already started");
        thread = Thread.ofPlatform().name("hearth-leadership").daemon(true).start(() -> loop(listener));
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    private void loop(Listener listener) {
        while (running) {
            if (leader) {
                if (!stillHeld()) {
                    log.warn("instance {} lost its PostgreSQL session: no longer the leader", instance);
                    depose(listener);
                }
            } else if (tryAcquire()) {
                leader = true;
                log.info("instance {} is the leader: it runs the reconciler and the autoscaler", instance);
                notify(listener::elected);
            }
            try {
                Thread.sleep(retry);
            } catch (InterruptedException e) {
                break;
            }
        }
        Thread.interrupted(); // close() interrupted the sleep; the listener's own waits must not be cut short
        if (leader) depose(listener);
        closeSession();
    }

    private boolean tryAcquire() {
        try {
            if (session == null || session.isClosed()) session = connections.call();
            try (Statement s = session.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (Exception e) {
            log.debug("instance {} could not try for the leadership: {}", instance, e.getMessage());
            closeSession();
            return false;
        }
    }

    /** The lock is held while its session lives; a cheap round trip proves that. */
    private boolean stillHeld() {
        try (Statement s = session.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, retry.toSeconds()));
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                return rs.next();
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private void depose(Listener listener) {
        leader = false;
        closeSession();
        notify(listener::deposed);
    }

    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("leadership listener failed", e);
        }
    }

    private void closeSession() {
        if (session == null) return;
        try {
            session.close(); // releases the lock, if held
        } catch (SQLException ignored) {
            // already broken
        }
        session = null;
    }

    @Override
    public void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) return;
        t.interrupt();
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
