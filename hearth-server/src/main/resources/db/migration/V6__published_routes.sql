-- The leader's routing table, for the other control-plane instances on the same store (PostgreSQL): one row, whose
-- version each follower polls and whose routes (JSON: state, capacity and ready replicas of every endpoint, never a
-- replica's key) it reloads when the version moved. A single instance (SQLite) never reads it.
CREATE TABLE routing (
    id         INTEGER PRIMARY KEY,
    version    BIGINT  NOT NULL,
    routes     TEXT    NOT NULL,
    leader     TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
