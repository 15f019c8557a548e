-- PostgreSQL twin of db/migration/V4.
CREATE TABLE connections (
    namespace        TEXT COLLATE "C" NOT NULL,
    name             TEXT COLLATE "C" NOT NULL,
    kind             TEXT,
    kind_given       INTEGER NOT NULL DEFAULT 0,
    endpoint         TEXT    NOT NULL,
    model_name       TEXT    NOT NULL,
    context_window   INTEGER,
    api_key          TEXT,
    key_hint         TEXT,
    task             TEXT,
    served_model     TEXT,
    max_total_tokens INTEGER,
    state            TEXT    NOT NULL,
    last_error       TEXT,
    checked_at       TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    created_by       TEXT    NOT NULL,
    PRIMARY KEY (namespace, name)
);
