package dev.hearth.server.reconcile;

import java.time.Instant;

/**
 * A replica that ended without being asked to: it exited, or never became ready within the start timeout.
 *
 * @param version the spec version the replica ran: crash limits count per version
 * @param exit    how it ended, for messages ("exit code 3", "not ready within 900 s")
 * @param logTail its last log lines, read when it crashed (the file may be gone later)
 */
record Crash(Instant at, long version, String replicaId, String exit, String logTail) {}
