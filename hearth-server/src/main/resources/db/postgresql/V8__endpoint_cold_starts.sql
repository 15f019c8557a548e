-- PostgreSQL twin of db/migration/V8.
-- Each endpoint's measured cold start: how long its last replica took from launch to answering its health route,
-- which the scaling schedule starts replicas ahead of a window by (docs/schedules.md). Kept per incarnation: a
-- re-created endpoint of the same name measures afresh. Written by the leader's reconciler each time a replica of
-- the endpoint becomes ready.
CREATE TABLE endpoint_cold_starts (
    namespace     TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    incarnation   TEXT    NOT NULL,
    cold_start_ms BIGINT  NOT NULL,
    measured_at   TEXT    NOT NULL,
    PRIMARY KEY (namespace, name)
);
