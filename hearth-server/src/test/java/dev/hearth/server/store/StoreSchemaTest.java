package dev.hearth.server.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The two migration folders (SQLite's db/migration, PostgreSQL's db/postgresql) are kept in step. */
class StoreSchemaTest {

    @TempDir Path dir;

    @Test
    void bothFoldersHoldTheSameMigrationsByVersionAndName() throws Exception {
        assertThat(migrations("db/postgresql")).isEqualTo(migrations("db/migration")).isNotEmpty();
    }

    @Test
    void bothDialectsEndWithTheSameTablesColumnsAndKindsOfColumn() {
        Map<String, String> sqlite = schema(TestStores.SQLITE.open(dir));
        Map<String, String> postgres = schema(TestStores.POSTGRESQL.open(dir));
        assertThat(postgres).isEqualTo(sqlite);
        assertThat(sqlite).containsKeys("endpoints.revision", "replicas.incarnation", "tokens.last_used_at",
                "connections.prompt_builder", "files.content", "batch_lines.response");
    }

    private static List<String> migrations(String folder) throws IOException, URISyntaxException {
        Path path = Path.of(StoreSchemaTest.class.getClassLoader().getResource(folder).toURI());
        try (Stream<Path> files = Files.list(path)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
    }

    /** The application's tables compared (not Flyway's, not PostgreSQL's own). */
    private static final List<String> TABLES = List.of("endpoints", "tokens", "replicas", "connections", "files", "batches",
            "batch_lines", "batch_resumed");

    /** table.column → text or integer (nullable or not), for the application's tables (not Flyway's). */
    private static Map<String, String> schema(Store store) {
        try (store) {
            return store.jdbi().withHandle(h -> {
                Map<String, String> columns = new TreeMap<>();
                try (ResultSet rs = h.getConnection().getMetaData().getColumns(null, null, "%", "%")) {
                    while (rs.next()) {
                        String table = rs.getString("TABLE_NAME").toLowerCase();
                        String schema = rs.getString("TABLE_SCHEM");
                        if (schema != null && !schema.equals("public")) continue;
                        if (!TABLES.contains(table)) continue;
                        columns.put(table + "." + rs.getString("COLUMN_NAME").toLowerCase(),
                                kind(rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME")) + (rs.getInt("NULLABLE") == 0 ? " not null" : ""));
                    }
                    // SQLite reports a TEXT PRIMARY KEY nullable (a quirk it keeps for compatibility); both refuse nulls.
                    for (String table : TABLES) {
                        try (ResultSet pk = h.getConnection().getMetaData().getPrimaryKeys(null, null, table)) {
                            while (pk.next()) {
                                columns.computeIfPresent(table + "." + pk.getString("COLUMN_NAME").toLowerCase(),
                                        (k, v) -> v.endsWith(" not null") ? v : v + " not null");
                            }
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                return columns;
            });
        }
    }

    private static String kind(int jdbcType, String typeName) {
        // SQLite's driver reports a BLOB column with a text JDBC type; its type name says what it is.
        if (List.of("blob", "bytea").contains(typeName.toLowerCase())) return "binary";
        return switch (jdbcType) {
            case Types.INTEGER, Types.BIGINT, Types.SMALLINT -> "integer";
            case Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB -> "text";
            default -> typeName.toLowerCase().contains("int") ? "integer" : typeName.toLowerCase();
        };
    }
}
