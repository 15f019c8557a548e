-- Desired spec and state written by the API; observed status written by the reconciler.
CREATE TABLE endpoints (
    namespace       TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    spec            TEXT    NOT NULL,
    spec_version    INTEGER NOT NULL,
    desired         TEXT    NOT NULL,
    serving_spec    TEXT,
    serving_version INTEGER NOT NULL DEFAULT 0,
    failed_version  INTEGER NOT NULL DEFAULT 0,
    state           TEXT    NOT NULL,
    message         TEXT,
    ready_replicas  INTEGER NOT NULL DEFAULT 0,
    target_replicas INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    PRIMARY KEY (namespace, name)
);

-- Only a SHA-256 of each token is kept; the token itself is shown once, when created.
CREATE TABLE tokens (
    hash       TEXT    PRIMARY KEY,
    namespace  TEXT    NOT NULL,
    admin      INTEGER NOT NULL,
    label      TEXT,
    created_at TEXT    NOT NULL
);

-- Worker processes the local provider started, so a restarted server adopts (or stops) them.
CREATE TABLE replicas (
    replica_id   TEXT    PRIMARY KEY,
    namespace    TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    spec_version INTEGER NOT NULL,
    pid          INTEGER NOT NULL,
    port         INTEGER NOT NULL,
    health_route TEXT    NOT NULL,
    log_file     TEXT    NOT NULL,
    started_at   TEXT    NOT NULL
);
