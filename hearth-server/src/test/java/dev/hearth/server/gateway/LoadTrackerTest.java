package dev.hearth.server.gateway;

import dev.hearth.server.endpoint.EndpointId;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LoadTrackerTest {

    private static final EndpointId ID = new EndpointId("acme", "llm");
    private static final Backend A = new Backend("a", URI.create("http://127.0.0.1:1"));
    private static final Backend B = new Backend("b", URI.create("http://127.0.0.1:2"));
    private static final Backend C = new Backend("c", URI.create("http://127.0.0.1:3"));

    private final Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
    private final LoadTracker load = new LoadTracker(Clock.fixed(t0, ZoneOffset.UTC));

    @Test
    void theReplicaWithTheFewestOutstandingRequestsIsChosen() {
        var first = load.acquire(ID, List.of(A, B)).orElseThrow();
        var second = load.acquire(ID, List.of(A, B)).orElseThrow();
        assertThat(List.of(first.backend(), second.backend())).containsExactlyInAnyOrder(A, B);

        first.close();
        assertThat(load.acquire(ID, List.of(B, A)).orElseThrow().backend()).isEqualTo(first.backend());
        assertThat(load.inFlight(ID)).isEqualTo(2);
    }

    @Test
    void tiesAreTakenInTurnWhateverTheOrderOfTheReadyList() {
        List<Backend> chosen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            try (var lease = load.acquire(ID, i % 2 == 0 ? List.of(A, B, C) : List.of(C, B, A)).orElseThrow()) {
                chosen.add(lease.backend());
            }
        }
        assertThat(chosen).containsExactly(A, B, C, A, B, C);
    }

    @Test
    void leasesCountPerReplicaAndClosingTwiceCountsOnce() {
        var lease = load.acquire(ID, List.of(A)).orElseThrow();
        assertThat(load.inFlight(ID, "a")).isEqualTo(1);
        lease.close();
        lease.close();
        assertThat(load.inFlight(ID, "a")).isZero();
        assertThat(load.inFlight(ID)).isZero();
        assertThat(load.acquire(ID, List.of())).isEmpty();
    }

    @Test
    void theColdStartBufferIsBounded() {
        assertThat(load.tryEnterWaiting(ID, 2)).isTrue();
        assertThat(load.tryEnterWaiting(ID, 2)).isTrue();
        assertThat(load.tryEnterWaiting(ID, 2)).isFalse();
        assertThat(load.waiting(ID)).isEqualTo(2);
        assertThat(load.demand(ID)).isEqualTo(2);
        load.leaveWaiting(ID);
        assertThat(load.tryEnterWaiting(ID, 2)).isTrue();
    }

    @Test
    void lastActivityIsNowWhileBusyAndTheLastRequestOtherwise() {
        Instant[] now = {t0};
        LoadTracker tracker = new LoadTracker(new Clock() {
            public ZoneOffset getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now[0]; }
        });
        assertThat(tracker.lastActivity(ID)).isEmpty();

        tracker.arrived(ID);
        var lease = tracker.acquire(ID, List.of(A)).orElseThrow();
        now[0] = t0.plusSeconds(60);
        assertThat(tracker.lastActivity(ID)).hasValue(t0.plusSeconds(60));
        lease.close();
        now[0] = t0.plusSeconds(600);
        assertThat(tracker.lastActivity(ID)).hasValue(t0.plusSeconds(60));
        assertThat(tracker.totalRequests(ID)).isEqualTo(1);
    }

    @Test
    void aReplicaMarkedUnreachableIsPassedOverWhileAnotherIsReady() {
        load.markUnreachable(ID, "a", java.time.Duration.ofSeconds(5));
        for (int i = 0; i < 3; i++) {
            try (var lease = load.acquire(ID, List.of(A, B)).orElseThrow()) {
                assertThat(lease.backend()).isEqualTo(B);
            }
        }
        assertThat(load.acquire(ID, List.of(A)).orElseThrow().backend()).isEqualTo(A);
    }
}
