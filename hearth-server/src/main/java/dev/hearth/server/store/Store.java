package dev.hearth.server.store;

import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGConnectionPoolDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The control plane's database, migrated by Flyway on open: a SQLite file under the Hearth home (one instance), or
 * a PostgreSQL database (any number of instances). This is the one class that knows which: the repositories' SQL
 * runs unchanged on both (text timestamps in ISO-8601, 0/1 integers for booleans, {@code ON CONFLICT} upserts), and
 * each dialect has its own migrations folder ({@code db/migration} for SQLite, {@code db/postgresql}), kept in step
 * by a test that compares the schemas they produce.
 *
 * <p>SQLite: WAL journaling with full synchronous commits, so a write the API acknowledged survives kill -9 of the
 * server; SQLite serialises writers, and the busy timeout makes a concurrent writer wait instead of failing.
 * PostgreSQL: a small pool of connections; text columns that are sorted on use the C collation, so that lists come
 * out in the same (byte) order as from SQLite.
 */
public final class Store implements AutoCloseable {

    public enum Dialect { SQLITE, POSTGRESQL }

    /** Connections of one instance: the API's and gateway's virtual threads and the reconciler share them. */
    private static final int POOL_SIZE = 8;

    private final Jdbi jdbi;
    private final StoreLocation location;
    private final AutoCloseable resources;

    private Store(Jdbi jdbi, StoreLocation location, AutoCloseable resources) {
        this.jdbi = jdbi;
        this.location = location;
        this.resources = resources;
    }

    public static Store open(Path file) {
        return open(new StoreLocation.Sqlite(file));
    }

    public static Store open(StoreLocation location) {
        return switch (location) {
            case StoreLocation.Sqlite s -> openSqlite(s);
            case StoreLocation.Postgres p -> openPostgres(p);
        };
    }

    private static Store openSqlite(StoreLocation.Sqlite location) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        // Deleted and overwritten content is zeroed, so a value replaced (a legacy plain secret sealed) leaves no copy.
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + location.file().toAbsolutePath());
        migrate(dataSource, "classpath:db/migration");
        return new Store(Jdbi.create(dataSource), location, () -> {});
    }

    private static Store openPostgres(StoreLocation.Postgres location) {
        PGSimpleDataSource simple = new PGSimpleDataSource();
        PGConnectionPoolDataSource pooled = new PGConnectionPoolDataSource();
        configure(simple, location);
        configure(pooled, location);
        migrate(simple, "classpath:db/postgresql");
        PostgresPool pool = new PostgresPool(pooled, POOL_SIZE);
        return new Store(Jdbi.create(pool), location, pool);
    }

    private static void configure(org.postgresql.ds.common.BaseDataSource ds, StoreLocation.Postgres location) {
        ds.setUrl(location.url());
        var props = location.connectionProperties();
        if (props.getProperty("user") != null) ds.setUser(props.getProperty("user"));
        if (props.getProperty("password") != null) ds.setPassword(props.getProperty("password"));
        ds.setApplicationName("hearth");
        ds.setConnectTimeout(10);
    }

    private static void migrate(DataSource dataSource, String locations) {
        Flyway.configure().dataSource(dataSource).locations(locations).load().migrate();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Dialect dialect() {
        return location instanceof StoreLocation.Postgres ? Dialect.POSTGRESQL : Dialect.SQLITE;
    }

    /**
     * A connection of its own, outside the pool, for what must stay on one session: the leader's advisory lock
     * (held as long as the session lives) and LISTEN. Empty for SQLite, which has neither.
     */
    public Optional<Connection> dedicatedConnection() throws SQLException {
        if (!(location instanceof StoreLocation.Postgres p)) return Optional.empty();
        return Optional.of(DriverManager.getConnection(p.url(), withApplicationName(p)));
    }

    private static java.util.Properties withApplicationName(StoreLocation.Postgres p) {
        java.util.Properties props = p.connectionProperties();
        props.setProperty("ApplicationName", "hearth-leadership");
        props.setProperty("connectTimeout", "10");
        // The lock's session must notice a dead peer: keepalives let the server drop a vanished instance's lock.
        props.setProperty("tcpKeepAlive", "true");
        return props;
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
