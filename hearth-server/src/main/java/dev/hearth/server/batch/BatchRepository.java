package dev.hearth.server.batch;

import dev.hearth.server.store.Store;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Batches, their lines and results, and the endpoints the runner resumed. Every change of a batch's status is a
 * conditional UPDATE on the status it leaves, so the API (cancel) and the runner never undo each other.
 */
public final class BatchRepository {

    private static final String COLUMNS = "id, namespace, owner_admin, endpoint, input_file_id, completion_window, status, "
            + "output_file_id, error_file_id, errors, metadata, created_at, in_progress_at, expires_at, finalizing_at, "
            + "completed_at, failed_at, expired_at, cancelling_at, cancelled_at, total, completed, failed";
    private static final String UNFINISHED = "('validating', 'in_progress', 'finalizing', 'cancelling')";

    private final Jdbi jdbi;

    public BatchRepository(Store store) {
        this.jdbi = store.jdbi();
    }

    public void insert(Batch b) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO batches (" + COLUMNS + ") VALUES (:id, :ns, :admin, :endpoint, "
                        + ":input, :window, :status, NULL, NULL, NULL, :metadata, :created, NULL, :expires, NULL, NULL, NULL, "
                        + "NULL, NULL, NULL, 0, 0, 0)")
                .bind("id", b.id()).bind("ns", b.namespace()).bind("admin", b.ownerAdmin() ? 1 : 0)
                .bind("endpoint", b.endpoint()).bind("input", b.inputFileId()).bind("window", b.completionWindow())
                .bind("status", b.status().wire()).bind("metadata", b.metadata()).bind("created", b.createdAt())
                .bind("expires", b.expiresAt()).execute());
    }

    public Optional<Batch> find(String namespace, String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM batches WHERE id = :id AND namespace = :ns")
                .bind("id", id).bind("ns", namespace).map((rs, ctx) -> read(rs)).findOne());
    }

    public Optional<Batch> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM batches WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> read(rs)).findOne());
    }

    /** Newest first, at most {@code limit}, those after (older than) batch {@code after} when it is given. */
    public List<Batch> list(String namespace, int limit, Batch after) {
        String older = after == null ? "" : " AND (created_at < :c OR (created_at = :c AND id < :after))";
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM batches WHERE namespace = :ns" + older
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("ns", namespace).bind("limit", limit).bind("c", after == null ? 0 : after.createdAt())
                .bind("after", after == null ? "" : after.id()).map((rs, ctx) -> read(rs)).list());
    }

    public List<Batch> unfinished() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM batches WHERE status IN " + UNFINISHED
                + " ORDER BY created_at, id").map((rs, ctx) -> read(rs)).list());
    }

    /** Validation failed: {@code validating → failed} with the errors (JSON). */
    public boolean fail(String id, String errors, long now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE batches SET status = 'failed', errors = :errors, failed_at = :now "
                + "WHERE id = :id AND status = 'validating'").bind("errors", errors).bind("now", now).bind("id", id).execute()) == 1;
    }

    /** Validation passed: the lines are stored and {@code validating → in_progress}, in one transaction. */
    public boolean start(String id, List<BatchLine> lines, long now) {
        return jdbi.inTransaction(h -> {
            int moved = h.createUpdate("UPDATE batches SET status = 'in_progress', in_progress_at = :now, total = :total "
                    + "WHERE id = :id AND status = 'validating'").bind("now", now).bind("total", lines.size()).bind("id", id).execute();
            if (moved == 0) return false;
            PreparedBatch insert = h.prepareBatch("INSERT INTO batch_lines (batch_id, line, custom_id, target, body) "
                    + "VALUES (:batch, :line, :custom, :target, :body)");
            for (BatchLine l : lines) {
                insert.bind("batch", id).bind("line", l.line()).bind("custom", l.customId()).bind("target", l.target())
                        .bind("body", l.body()).add();
            }
            if (!lines.isEmpty()) insert.execute();
            return true;
        });
    }

    /** {@code validating | in_progress → cancelling}; false when the batch is past both. */
    public boolean cancel(String namespace, String id, long now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE batches SET status = 'cancelling', cancelling_at = :now "
                        + "WHERE id = :id AND namespace = :ns AND status IN ('validating', 'in_progress')")
                .bind("now", now).bind("id", id).bind("ns", namespace).execute()) == 1;
    }

    /** Lines without a recorded result, in order. */
    public List<BatchLine> pending(String batchId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT line, custom_id, target, body FROM batch_lines WHERE batch_id = :b "
                        + "AND status_code IS NULL ORDER BY line LIMIT :limit").bind("b", batchId).bind("limit", limit)
                .map((rs, ctx) -> new BatchLine(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4))).list());
    }

    /**
     * Records a line's answer and counts it, in one transaction; false (and nothing counted) when the line already
     * had one, so a line's result is recorded at most once.
     */
    public boolean record(String batchId, int line, int statusCode, String requestId, String response) {
        return jdbi.inTransaction(h -> {
            int done = h.createUpdate("UPDATE batch_lines SET status_code = :status, request_id = :req, response = :resp "
                            + "WHERE batch_id = :b AND line = :line AND status_code IS NULL")
                    .bind("status", statusCode).bind("req", requestId).bind("resp", response).bind("b", batchId)
                    .bind("line", line).execute();
            if (done == 0) return false;
            String counter = statusCode >= 200 && statusCode < 300 ? "completed" : "failed";
            h.createUpdate("UPDATE batches SET " + counter + " = " + counter + " + 1 WHERE id = :b").bind("b", batchId).execute();
            return true;
        });
    }

    public List<LineResult> results(String batchId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT line, custom_id, status_code, request_id, response FROM batch_lines "
                        + "WHERE batch_id = :b ORDER BY line").bind("b", batchId)
                .map((rs, ctx) -> new LineResult(rs.getInt(1), rs.getString(2), integer(rs, 3), rs.getString(4), rs.getString(5)))
                .list());
    }

    /** {@code in_progress → finalizing}. */
    public boolean finalizing(String id, long now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE batches SET status = 'finalizing', finalizing_at = :now "
                + "WHERE id = :id AND status = 'in_progress'").bind("now", now).bind("id", id).execute()) == 1;
    }

    /**
     * Writes the output and error files (either may be null) and moves {@code from → to}, in one transaction, so a
     * batch is never final without its files nor has files it does not name.
     */
    public boolean finish(Batch b, BatchStatus from, BatchStatus to, long now, StoredFile output, byte[] outputContent,
                          StoredFile errors, byte[] errorContent) {
        String stamp = switch (to) {
            case COMPLETED -> "completed_at";
            case EXPIRED -> "expired_at";
            case CANCELLED -> "cancelled_at";
            default -> throw new IllegalArgumentException("not a final status of a run: " + to);
        };
        return jdbi.inTransaction(h -> {
            int moved = h.createUpdate("UPDATE batches SET status = :to, " + stamp + " = :now, output_file_id = :out, "
                            + "error_file_id = :err WHERE id = :id AND status = :from")
                    .bind("to", to.wire()).bind("now", now).bind("out", output == null ? null : output.id())
                    .bind("err", errors == null ? null : errors.id()).bind("id", b.id()).bind("from", from.wire()).execute();
            if (moved == 0) return false;
            if (output != null) FileRepository.insert(h, output, outputContent);
            if (errors != null) FileRepository.insert(h, errors, errorContent);
            return true;
        });
    }

    /** Targets of lines still to run in batches that will run them (what must stay resumed). */
    public Set<String> neededTargets() {
        return jdbi.withHandle(h -> Set.copyOf(h.createQuery("SELECT DISTINCT l.target FROM batch_lines l JOIN batches b "
                + "ON b.id = l.batch_id WHERE b.status = 'in_progress' AND l.status_code IS NULL").mapTo(String.class).list()));
    }

    /** Remembers that the runner resumed this endpoint from paused (before it resumes it). */
    public void rememberResumed(String namespace, String name, long now) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO batch_resumed (namespace, name, resumed_at) VALUES (:ns, :name, :now) "
                + "ON CONFLICT (namespace, name) DO NOTHING").bind("ns", namespace).bind("name", name).bind("now", now).execute());
    }

    /** The endpoints the runner resumed, as {@code namespace/name}. */
    public List<String> resumed() {
        return jdbi.withHandle(h -> h.createQuery("SELECT namespace, name FROM batch_resumed ORDER BY namespace, name")
                .map((rs, ctx) -> rs.getString(1) + "/" + rs.getString(2)).list());
    }

    public void forgetResumed(String namespace, String name) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM batch_resumed WHERE namespace = :ns AND name = :name")
                .bind("ns", namespace).bind("name", name).execute());
    }

    private static Batch read(ResultSet rs) throws SQLException {
        return new Batch(rs.getString("id"), rs.getString("namespace"), rs.getInt("owner_admin") == 1,
                rs.getString("endpoint"), rs.getString("input_file_id"), rs.getString("completion_window"),
                BatchStatus.of(rs.getString("status")), rs.getString("output_file_id"), rs.getString("error_file_id"),
                rs.getString("errors"), rs.getString("metadata"), rs.getLong("created_at"), along(rs, "in_progress_at"),
                rs.getLong("expires_at"), along(rs, "finalizing_at"), along(rs, "completed_at"), along(rs, "failed_at"),
                along(rs, "expired_at"), along(rs, "cancelling_at"), along(rs, "cancelled_at"), rs.getInt("total"),
                rs.getInt("completed"), rs.getInt("failed"));
    }

    private static Long along(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
