package dev.hearth.kubernetes;

import dev.hearth.server.leader.Leadership;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two control-plane instances elect their leader through one Lease, on fabric8's mock API server. */
@EnableKubernetesMockClient(crud = true)
class LeaseLeadershipTest {

    /** Shorter than the defaults so that an expiry fits a test; the same proportions. */
    static final LeaseLeadership.Timings FAST = new LeaseLeadership.Timings(Duration.ofSeconds(3),
            Duration.ofSeconds(2), Duration.ofMillis(400));

    KubernetesClient client;
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<AutoCloseable> open = new ArrayList<>();

    /** A client of its own per instance, as each control-plane pod has. */
    KubernetesClient clientOfAnInstance() {
        KubernetesClient c = new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
        open.add(c);
        return c;
    }

    LeaseLeadership elector(KubernetesClient c, String name) {
        LeaseLeadership l = new LeaseLeadership(c, client.getNamespace(), LeaseLeadership.LEASE, name, FAST);
        open.add(l);
        l.start(new Leadership.Listener() {
            @Override
            public void elected() {
                events.add(name + " elected");
            }

            @Override
            public void deposed() {
                events.add(name + " deposed");
            }
        });
        return l;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
    }

    Lease lease() {
        return client.leases().inNamespace(client.getNamespace()).withName(LeaseLeadership.LEASE).get();
    }

    @Test
    void ofTwoElectorsOnOneLeaseExactlyOneLeadsAndHoldsTheLease() {
        LeaseLeadership a = elector(clientOfAnInstance(), "a");
        LeaseLeadership b = elector(clientOfAnInstance(), "b");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.isLeader() || b.isLeader());
        String leader = a.isLeader() ? "a" : "b";
        // several renewals later, still the same single leader
        await().pollDelay(Duration.ofMillis(FAST.retry().toMillis() * 4)).atMost(Duration.ofSeconds(20)).until(() -> true);
        assertThat(a.isLeader() ^ b.isLeader()).as("exactly one leads").isTrue();
        assertThat(a.isLeader() ? "a" : "b").isEqualTo(leader);
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(leader);
        assertThat(lease().getSpec().getLeaseDurationSeconds()).isEqualTo(3);
        assertThat(events).containsExactly(leader + " elected");
    }

    @Test
    void whenTheLeaderLeavesTheElectionItReleasesTheLeaseAndTheOtherTakesOver() throws Exception {
        LeaseLeadership a = elector(clientOfAnInstance(), "a");
        await().atMost(Duration.ofSeconds(20)).until(a::isLeader);
        LeaseLeadership b = elector(clientOfAnInstance(), "b");
        await().pollDelay(Duration.ofMillis(FAST.retry().toMillis() * 3)).atMost(Duration.ofSeconds(20)).until(() -> true);
        assertThat(b.isLeader()).as("the Lease is held").isFalse();

        a.close();
        assertThat(events).as("a hears it is deposed before close returns").containsExactly("a elected", "a deposed");
        // released: b need not wait for the Lease to expire (3 s), only for its next try
        await().atMost(Duration.ofSeconds(20)).until(b::isLeader);
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("b");
        assertThat(events).containsExactly("a elected", "a deposed", "b elected");
    }

    @Test
    void aLeaderThatDiesWithoutReleasingIsReplacedOnceItsLeaseExpired() {
        KubernetesClient ofA = clientOfAnInstance();
        LeaseLeadership a = elector(ofA, "a");
        await().atMost(Duration.ofSeconds(20)).until(a::isLeader);
        LeaseLeadership b = elector(clientOfAnInstance(), "b");
        String renewedAt = lease().getSpec().getRenewTime().toString();

        ofA.close(); // a's elector can neither renew nor release any more: as if its process were killed
        assertThat(lease().getSpec().getHolderIdentity()).as("not released: b must wait for it to expire").isEqualTo("a");
        await().atMost(Duration.ofSeconds(30)).until(b::isLeader);
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("b");
        assertThat(lease().getSpec().getRenewTime().toString()).isNotEqualTo(renewedAt);
        assertThat(events).as("b was elected only after a's Lease ran out").containsExactly("a elected", "b elected");
    }
}
