package dev.hearth.server.provider.local;

import dev.hearth.server.provider.ReplicaHealth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Polls one replica: its health route (STARTING until a 200, then READY; {@code unhealthyAfter} consecutive non-200
 * answers while ready → UNHEALTHY; a 200 → READY again) and whether its process still lives (→ the exit callback).
 * Runs on its own virtual thread until the replica exits, the thread is interrupted (stop, close), or the provider
 * closes. Never throws: a failing probe is just a non-200.
 */
final class HealthWatcher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthWatcher.class);

    /** What the watcher reports; implemented by the provider, which notifies listeners. */
    interface Events {
        void healthChanged(LocalReplica replica);

        void exited(LocalReplica replica, Optional<Integer> exitCode);

        boolean closed();
    }

    private final LocalReplica replica;
    private final HttpClient http;
    private final LocalProcessProvider.Settings settings;
    private final Events events;
    private final HttpRequest probe;
    private int failures; // consecutive non-200 answers while READY; only this thread touches it

    HealthWatcher(LocalReplica replica, HttpClient http, LocalProcessProvider.Settings settings, Events events) {
        this.replica = replica;
        this.http = http;
        this.settings = settings;
        this.events = events;
        this.probe = HttpRequest.newBuilder(URI.create(replica.address() + replica.healthRoute()))
                .timeout(settings.httpTimeout())
                .GET()
                .build();
    }

    static Thread start(LocalReplica replica, HttpClient http, LocalProcessProvider.Settings settings,
                        Events events) {
        return Thread.ofVirtual()
                .name("hearth-health-" + replica.replicaId())
                .start(new HealthWatcher(replica, http, settings, events));
    }

    @Override
    public void run() {
        try {
            while (!events.closed() && !Thread.currentThread().isInterrupted()) {
                if (replica.health() == ReplicaHealth.EXITED || replica.stopClaimed()) {
                    return;
                }
                if (replica.processGone()) {
                    events.exited(replica, replica.exitCodeIfExited());
                    return;
                }
                observe(probe());
                Thread.sleep(interval());
            }
        } catch (InterruptedException e) {
            // stop() or close(): end quietly
        } catch (RuntimeException e) {
            // A bug here must not kill the thread silently and leave the replica unwatched without a trace.
            LOG.error("health watcher of replica {} failed", replica.replicaId(), e);
        }
    }

    private void observe(boolean ok) {
        boolean changed;
        if (ok) {
            failures = 0;
            changed = replica.markReady(Instant.now());
        } else if (replica.health() == ReplicaHealth.READY && ++failures >= settings.unhealthyAfter()) {
            // A dying process fails its probes too; report it as exited rather than unhealthy.
            changed = !replica.processGone() && replica.markUnhealthy();
        } else {
            changed = false;
        }
        if (changed) {
            events.healthChanged(replica);
        }
    }

    private boolean probe() throws InterruptedException {
        try {
            return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fast while starting, so readiness is seen soon after it happens; slower once ready. */
    private Duration interval() {
        return replica.health() == ReplicaHealth.STARTING
                ? settings.startingPollInterval()
                : settings.readyPollInterval();
    }
}
