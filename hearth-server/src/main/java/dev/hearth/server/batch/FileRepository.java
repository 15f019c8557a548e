package dev.hearth.server.batch;

import dev.hearth.server.store.Store;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Files and their content in the store (SQLite or PostgreSQL), each in its namespace. */
public final class FileRepository {

    private static final String COLUMNS = "id, namespace, filename, purpose, bytes, created_at";

    private final Jdbi jdbi;

    public FileRepository(Store store) {
        this.jdbi = store.jdbi();
    }

    public void insert(StoredFile f, byte[] content) {
        jdbi.useHandle(h -> insert(h, f, content));
    }

    /** Within a caller's transaction (a batch's output files are written with its final status). */
    static void insert(Handle h, StoredFile f, byte[] content) {
        h.createUpdate("INSERT INTO files (" + COLUMNS + ", content) VALUES (:id, :ns, :name, :purpose, :bytes, :created, :content)")
                .bind("id", f.id()).bind("ns", f.namespace()).bind("name", f.filename()).bind("purpose", f.purpose())
                .bind("bytes", f.bytes()).bind("created", f.createdAt()).bind("content", content).execute();
    }

    public Optional<StoredFile> find(String namespace, String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM files WHERE id = :id AND namespace = :ns")
                .bind("id", id).bind("ns", namespace).map((rs, ctx) -> read(rs)).findOne());
    }

    /** Newest first. */
    public List<StoredFile> list(String namespace, String purpose) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM files WHERE namespace = :ns"
                        + (purpose == null ? "" : " AND purpose = :purpose") + " ORDER BY created_at DESC, id DESC")
                .bind("ns", namespace).bind("purpose", purpose).map((rs, ctx) -> read(rs)).list());
    }

    public Optional<byte[]> content(String namespace, String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT content FROM files WHERE id = :id AND namespace = :ns")
                .bind("id", id).bind("ns", namespace).map((rs, ctx) -> rs.getBytes(1)).findOne());
    }

    public boolean delete(String namespace, String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM files WHERE id = :id AND namespace = :ns")
                .bind("id", id).bind("ns", namespace).execute()) == 1;
    }

    private static StoredFile read(ResultSet rs) throws SQLException {
        return new StoredFile(rs.getString("id"), rs.getString("namespace"), rs.getString("filename"),
                rs.getString("purpose"), rs.getLong("bytes"), rs.getLong("created_at"));
    }
}
