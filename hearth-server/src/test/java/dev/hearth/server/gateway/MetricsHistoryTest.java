package dev.hearth.server.gateway;

import dev.hearth.server.endpoint.EndpointId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsHistoryTest {

    static final EndpointId ID = new EndpointId("alice", "demo");
    static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void aStepCountsRequestsByStatusClassAndTakesNearestRankLatencyPercentiles() {
        MetricsHistory h = new MetricsHistory();
        for (int i = 1; i <= 20; i++) h.request(ID, 200, i / 100.0);
        h.request(ID, 404, 0.5);
        h.request(ID, 503, 0.5);
        h.close(ID, T0, 5, 1, Map.of());
        MetricsHistory.Point p = h.points(ID).getFirst();
        assertThat(p.ok()).isEqualTo(20);
        assertThat(p.clientErrors()).isEqualTo(1);
        assertThat(p.serverErrors()).isEqualTo(1);
        assertThat(p.p50()).isEqualTo(0.11); // 22 values: rank 11
        assertThat(p.p95()).isEqualTo(0.5);  // rank 21
        assertThat(p.replicas()).isEqualTo(1);
        h.close(ID, T0.plusSeconds(5), 5, 1, Map.of());
        assertThat(h.points(ID).get(1).ok()).as("a step starts from zero").isZero();
        assertThat(h.points(ID).get(1).p50()).isNull();
    }

    @Test
    void tokensPerSecondIsTheGrowthOfEachReplicasCounterAndAReplicaStartedWhileWatchedCountsAllItsTokens() {
        MetricsHistory h = new MetricsHistory();
        h.close(ID, T0, 5, 1, Map.of("r1", 100.0));
        h.close(ID, T0.plusSeconds(5), 5, 2, Map.of("r1", 150.0, "r2", 400.0));
        h.close(ID, T0.plusSeconds(10), 5, 2, Map.of("r1", 160.0, "r2", 440.0));
        assertThat(h.points(ID)).extracting(MetricsHistory.Point::tokensPerSecond).containsExactly(0.0, 90.0, 10.0);
    }

    @Test
    void anEndpointFirstSampledAfterTheServersFirstPassCountsAllTokensOfItsNewReplica() {
        // Created, running and chatted with within one step: its replica's tokens are all new, not a baseline.
        MetricsHistory h = new MetricsHistory();
        h.close(ID, T0, 5, 1, Map.of("r1", 40.0), false);
        assertThat(h.points(ID).getFirst().tokensPerSecond()).isEqualTo(8.0);
        // On the server's first pass, a replica may have served before this server watched it: baseline only.
        MetricsHistory adopted = new MetricsHistory();
        adopted.close(ID, T0, 5, 1, Map.of("r1", 40.0), true);
        assertThat(adopted.points(ID).getFirst().tokensPerSecond()).isZero();
    }

    @Test
    void coldStartsAreCountedWithTheLongestWaitAndOnlyTheLastPointsAreKept() {
        MetricsHistory h = new MetricsHistory();
        h.coldStart(ID, 2.5);
        h.coldStart(ID, 7.0);
        h.close(ID, T0, 5, 0, Map.of());
        assertThat(h.points(ID).getFirst().coldStarts()).isEqualTo(2);
        assertThat(h.points(ID).getFirst().coldStartSeconds()).isEqualTo(7.0);
        for (int i = 1; i <= MetricsHistory.POINTS + 10; i++) h.close(ID, T0.plusSeconds(5L * i), 5, 0, Map.of());
        assertThat(h.points(ID)).hasSize(MetricsHistory.POINTS);
        h.forget(ID, Set.of());
        assertThat(h.points(ID)).isEmpty();
    }

    @Test
    void theDashboardSessionCookieIsNeverForwardedToAReplicaButOtherCookiesAre() {
        assertThat(Proxy.withoutSessionCookie("a=1; hearth_session=secret; b=2")).isEqualTo("a=1; b=2");
        assertThat(Proxy.withoutSessionCookie("hearth_session=secret")).isEmpty();
        assertThat(Proxy.withoutSessionCookie("theme=dark")).isEqualTo("theme=dark");
    }
}
