-- PostgreSQL twin of db/migration/V1 (SQLite): the same tables and columns (StoreSchemaTest keeps them in step).
-- Text that is sorted on uses the C collation, the byte order SQLite sorts in; timestamps are ISO-8601 text and
-- booleans 0/1 integers as in SQLite, so the repositories' SQL is the same on both.
CREATE TABLE endpoints (
    namespace       TEXT COLLATE "C" NOT NULL,
    name            TEXT COLLATE "C" NOT NULL,
    spec            TEXT    NOT NULL,
    spec_version    BIGINT  NOT NULL,
    desired         TEXT    NOT NULL,
    serving_spec    TEXT,
    serving_version BIGINT  NOT NULL DEFAULT 0,
    failed_version  BIGINT  NOT NULL DEFAULT 0,
    state           TEXT    NOT NULL,
    message         TEXT,
    ready_replicas  INTEGER NOT NULL DEFAULT 0,
    target_replicas INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT COLLATE "C" NOT NULL,
    updated_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    PRIMARY KEY (namespace, name)
);

CREATE TABLE tokens (
    hash       TEXT    PRIMARY KEY,
    namespace  TEXT    NOT NULL,
    admin      INTEGER NOT NULL,
    label      TEXT,
    created_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE replicas (
    replica_id   TEXT COLLATE "C" PRIMARY KEY,
    namespace    TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    spec_version BIGINT  NOT NULL,
    pid          BIGINT  NOT NULL,
    port         INTEGER NOT NULL,
    health_route TEXT    NOT NULL,
    log_file     TEXT    NOT NULL,
    started_at   TEXT COLLATE "C" NOT NULL
);
