package dev.hearth.server.store;

import org.jdbi.v3.core.ConnectionFactory;
import org.postgresql.ds.PGConnectionPoolDataSource;

import javax.sql.ConnectionEvent;
import javax.sql.ConnectionEventListener;
import javax.sql.PooledConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A bounded set of PostgreSQL connections reused across JDBI handles: a new PostgreSQL connection forks a server
 * process and authenticates (milliseconds), too slow to open per statement.
 *
 * <p>Built on the JDBC driver's own {@link PooledConnection}s: a handle's close returns the physical connection
 * here; a connection the driver reports broken (the server restarted, the network dropped) is discarded, and the
 * next borrower gets a fresh one. At most {@code size} connections exist; a borrower waits for one to come back.
 */
final class PostgresPool implements ConnectionFactory, AutoCloseable {

    private final PGConnectionPoolDataSource source;
    private final BlockingQueue<PooledConnection> idle;
    private final Semaphore permits;

    PostgresPool(PGConnectionPoolDataSource source, int size) {
        this.source = source;
        this.idle = new ArrayBlockingQueue<>(size);
        this.permits = new Semaphore(size, true);
    }

    @Override
    public Connection openConnection() throws SQLException {
        try {
            if (!permits.tryAcquire(30, TimeUnit.SECONDS)) throw new SQLException("no PostgreSQL connection free within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a PostgreSQL connection", e);
        }
        try {
            PooledConnection pooled = idle.poll();
            if (pooled == null) pooled = open();
            return pooled.getConnection();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    private PooledConnection open() throws SQLException {
        PooledConnection pooled = source.getPooledConnection();
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean();
        pooled.addConnectionEventListener(new ConnectionEventListener() {
            @Override
            public void connectionClosed(ConnectionEvent event) {
                if (broken.get() || !idle.offer(pooled)) closeQuietly(pooled);
                permits.release();
            }

            @Override
            public void connectionErrorOccurred(ConnectionEvent event) {
                // Fired for fatal errors only, while the handle is still out: its close follows and releases the
                // permit, so here the connection is only kept from going back.
                broken.set(true);
            }
        });
        return pooled;
    }

    private static void closeQuietly(PooledConnection pooled) {
        try {
            pooled.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }

    @Override
    public void close() {
        for (PooledConnection p; (p = idle.poll()) != null; ) closeQuietly(p);
    }
}
