package dev.hearth.server.store;

import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;

/**
 * The control plane's SQLite database: one file under the Hearth home, migrated by Flyway on open.
 *
 * <p>WAL journaling with full synchronous commits: a write the API acknowledged survives kill -9 of the server.
 * SQLite serialises writers; the busy timeout makes a concurrent writer wait instead of failing.
 */
public final class Store {

    private final Jdbi jdbi;

    private Store(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public static Store open(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        // Deleted and overwritten content is zeroed, so a value replaced (a legacy plain secret sealed) leaves no copy.
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return new Store(Jdbi.create(dataSource));
    }

    public Jdbi jdbi() {
        return jdbi;
    }
}
