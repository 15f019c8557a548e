package dev.hearth.server.leader;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.gateway.Backend;
import dev.hearth.server.gateway.LoadTracker;
import dev.hearth.server.store.ActivityRepository;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The leader's autoscaler sees requests served through the other instances on the same PostgreSQL. */
class SharedLoadTest {

    static final EndpointId ID = new EndpointId("alice", "busy");

    @TempDir Path dir;

    @Test
    void aRequestInFlightThroughAFollowerCountsInTheLeadersViewAndItsEndKeepsTheActivityTime() {
        try (Store store = TestStores.POSTGRESQL.open(dir)) {
            LoadTracker followerGateway = new LoadTracker();
            LoadTracker leaderGateway = new LoadTracker();
            SharedLoad follower = new SharedLoad(new ActivityRepository(store), followerGateway, "follower", Clock.systemUTC());
            SharedLoad leader = new SharedLoad(new ActivityRepository(store), leaderGateway, "leader", Clock.systemUTC());
            assertThat(leader.inFlight(ID)).isZero();
            assertThat(leader.lastActivity(ID)).isNull();

            var lease = followerGateway.acquire(ID, List.of(new Backend("r1", URI.create("http://127.0.0.1:1")))).orElseThrow();
            follower.exchange();
            leader.exchange();
            assertThat(leader.inFlight(ID)).as("the follower's request in flight").isEqualTo(1);
            assertThat(leader.lastActivity(ID)).isNotNull();

            lease.close();
            follower.exchange();
            leader.exchange();
            assertThat(leader.inFlight(ID)).isZero();
            assertThat(leader.lastActivity(ID)).as("when the follower's request ended").isNotNull();
            assertThat(follower.inFlight(ID)).as("an instance does not count its own report twice").isZero();
        }
    }
}
