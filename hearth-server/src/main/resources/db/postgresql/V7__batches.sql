-- PostgreSQL twin of db/migration/V7 (BYTEA for BLOB).
-- The Batch API (OpenAI's shape). files: uploaded JSONL and the batches' output and error files, content in the
-- store itself (several control-plane instances share a PostgreSQL store, so nothing lives on one instance's disk).
-- Times are Unix seconds, as the API shows them.
CREATE TABLE files (
    id         TEXT    PRIMARY KEY,
    namespace  TEXT    NOT NULL,
    filename   TEXT    NOT NULL,
    purpose    TEXT    NOT NULL,
    bytes      BIGINT  NOT NULL,
    created_at BIGINT  NOT NULL,
    content    BYTEA   NOT NULL
);
CREATE INDEX files_namespace ON files (namespace, created_at);

-- One batch. errors and metadata are JSON (or null). owner_admin: whether the token that created it was an
-- administrator's, which decides the models its lines may name (as the root router decides for that token).
CREATE TABLE batches (
    id                TEXT    PRIMARY KEY,
    namespace         TEXT    NOT NULL,
    owner_admin       INTEGER NOT NULL,
    endpoint          TEXT    NOT NULL,
    input_file_id     TEXT    NOT NULL,
    completion_window TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    output_file_id    TEXT,
    error_file_id     TEXT,
    errors            TEXT,
    metadata          TEXT,
    created_at        BIGINT  NOT NULL,
    in_progress_at    BIGINT,
    expires_at        BIGINT  NOT NULL,
    finalizing_at     BIGINT,
    completed_at      BIGINT,
    failed_at         BIGINT,
    expired_at        BIGINT,
    cancelling_at     BIGINT,
    cancelled_at      BIGINT,
    total             INTEGER NOT NULL,
    completed         INTEGER NOT NULL,
    failed            INTEGER NOT NULL
);
CREATE INDEX batches_namespace ON batches (namespace, created_at);

-- Each line of a validated batch, with its result once it has one: a line whose status_code is set is done and is
-- never sent again (this is what makes a restart after kill -9 continue without running a line twice). target is
-- where its model resolved to at validation: endpoint:<namespace>/<name> or connection:<namespace>/<name>.
CREATE TABLE batch_lines (
    batch_id    TEXT    NOT NULL,
    line        INTEGER NOT NULL,
    custom_id   TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    status_code INTEGER,
    request_id  TEXT,
    response    TEXT,
    PRIMARY KEY (batch_id, line)
);
-- The lines still to run, which the runner reads on every tick: found without scanning the answered ones.
CREATE INDEX batch_lines_pending ON batch_lines (batch_id, line) WHERE status_code IS NULL;

-- Endpoints the batch runner resumed from paused: it pauses each again once no unfinished batch needs it, also after
-- a restart (this row is the memory of how it found them).
CREATE TABLE batch_resumed (
    namespace  TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    resumed_at BIGINT  NOT NULL,
    PRIMARY KEY (namespace, name)
);
