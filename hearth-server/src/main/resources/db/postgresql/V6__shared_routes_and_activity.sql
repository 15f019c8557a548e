-- PostgreSQL twin of db/migration/V6. The leader's routing table, for the other control-plane instances on the same store (PostgreSQL): one row, whose
-- version each follower polls and whose routes (JSON: state, capacity and ready replicas of every endpoint, never a
-- replica's key) it reloads when the version moved. A single instance (SQLite) never reads it.
CREATE TABLE routing (
    id         INTEGER PRIMARY KEY,
    version    BIGINT  NOT NULL,
    routes     TEXT    NOT NULL,
    leader     TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

-- Each instance's gateway load, reported every second, so that the leader's autoscaler counts requests served
-- through every instance: in flight now, and the last request's time (ISO-8601).
CREATE TABLE activity (
    instance      TEXT    NOT NULL,
    namespace     TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    in_flight     INTEGER NOT NULL,
    last_activity TEXT,
    reported_at   TEXT    NOT NULL,
    PRIMARY KEY (instance, namespace, name)
);
