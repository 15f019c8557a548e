package dev.hearth.server.store;

import dev.hearth.server.provider.ReplicaRecord;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Upgrading a database written before endpoint incarnations existed. */
class StoreMigrationTest {

    @TempDir Path dir;

    @Test
    void anUpgradeGivesEachEndpointAnIncarnationAndEachReplicaRecordItsEndpointsSoItIsStillAdopted() {
        Path file = dir.resolve("hearth.db");
        SQLiteDataSource v1 = new SQLiteDataSource();
        v1.setUrl("jdbc:sqlite:" + file);
        Flyway.configure().dataSource(v1).locations("classpath:db/migration").target("1").load().migrate();
        Jdbi old = Jdbi.create(v1);
        old.useHandle(h -> {
            for (String name : List.of("one", "two")) {
                h.execute("""
                        INSERT INTO endpoints (namespace, name, spec, spec_version, desired, state, created_at, updated_at,
                          created_by) VALUES ('alice', ?, '{}', 1, 'ACTIVE', 'RUNNING', '2025-06-01T12:00:00Z',
                          '2025-06-01T12:00:00Z', 'alice')""", name);
                h.execute("""
                        INSERT INTO replicas (replica_id, namespace, name, spec_version, pid, port, health_route, log_file,
                          started_at) VALUES (?, 'alice', ?, 1, 1, 1, '/health', '/tmp/x.log', '2025-06-01T12:00:00Z')""",
                        "alice." + name + ".r1", name);
            }
            h.execute("""
                    INSERT INTO replicas (replica_id, namespace, name, spec_version, pid, port, health_route, log_file,
                      started_at) VALUES ('alice.gone.r1', 'alice', 'gone', 1, 1, 1, '/health', '/tmp/x.log',
                      '2025-06-01T12:00:00Z')""");
        });

        Store store = Store.open(file);

        List<String> incarnations = store.jdbi().withHandle(h -> h.createQuery(
                "SELECT incarnation FROM endpoints ORDER BY name").mapTo(String.class).list());
        assertThat(incarnations).hasSize(2).allMatch(i -> i.matches("[0-9a-f]{16}")).doesNotHaveDuplicates();
        List<ReplicaRecord> records = new ReplicaRepository(store).all();
        assertThat(records).filteredOn(r -> r.endpoint().name().equals("one")).singleElement()
                .extracting(ReplicaRecord::incarnation).isEqualTo(incarnations.get(0));
        assertThat(records).filteredOn(r -> r.endpoint().name().equals("two")).singleElement()
                .extracting(ReplicaRecord::incarnation).isEqualTo(incarnations.get(1));
        assertThat(records).filteredOn(r -> r.endpoint().name().equals("gone")).singleElement()
                .extracting(ReplicaRecord::incarnation).as("a replica whose endpoint is gone belongs to none").isEqualTo("");
    }
}
