package dev.hearth.server.store;

import dev.hearth.testkit.EmbeddedPostgres;

import java.nio.file.Path;
import java.util.Optional;

/** The stores a repository test runs on: a SQLite file in the test's folder, or a fresh database on a real PostgreSQL. */
public enum TestStores {
    SQLITE, POSTGRESQL;

    public StoreLocation location(Path dir) {
        return switch (this) {
            case SQLITE -> new StoreLocation.Sqlite(dir.resolve("hearth.db"));
            case POSTGRESQL -> new StoreLocation.Postgres(EmbeddedPostgres.shared().newDatabase(), Optional.empty(),
                    Optional.empty());
        };
    }

    public Store open(Path dir) {
        return Store.open(location(dir));
    }
}
