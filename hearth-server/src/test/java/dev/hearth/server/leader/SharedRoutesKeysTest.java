package dev.hearth.server.leader;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointState;
import dev.hearth.server.gateway.Backend;
import dev.hearth.server.gateway.Route;
import dev.hearth.server.provider.local.ReplicaKeys;
import dev.hearth.server.store.EndpointRepository;
import dev.hearth.server.store.RoutingRepository;
import dev.hearth.server.store.SecretBox;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A follower routes by the leader's publication and derives each replica's key itself, from the name the publication
 * carries and the replica-key secret every instance shares; the key itself never reaches the store.
 */
class SharedRoutesKeysTest {

    static final EndpointId ID = new EndpointId("alice", "demo");

    @TempDir Path dir;

    /** The secret as a Kubernetes Secret mounted into every control-plane pod would hold it (mode 0440). */
    Path mountedSecret() throws Exception {
        Path file = dir.resolve("mounted").resolve("replica-keys.secret");
        Files.createDirectories(file.getParent());
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        Files.writeString(file, Base64.getEncoder().encodeToString(secret) + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("r--r-----"));
        return file;
    }

    @Test
    void aFollowersRouteToAPodCarriesTheKeyTheLeaderDerivedFromTheDeploymentNotFromTheReplicaId() throws Exception {
        Path secret = mountedSecret();
        ReplicaKeys leaderKeys = ReplicaKeys.provided(secret);
        ReplicaKeys followerKeys = ReplicaKeys.provided(secret);
        String keyName = "kubernetes/hearth/hearth-demo-1a2b3c4d-v1";
        String podKey = leaderKeys.keyFor(keyName);
        Backend pod = new Backend("alice.demo.inc0.r0", URI.create("http://10.1.2.3:8080"), podKey, keyName);
        Backend local = new Backend("alice.demo.inc0.r1", URI.create("http://127.0.0.1:4100"),
                leaderKeys.keyFor("alice.demo.inc0.r1"));
        Backend open = new Backend("alice.demo.inc0.r2", URI.create("http://127.0.0.1:4101"));

        try (Store store = TestStores.SQLITE.open(dir)) {
            RoutingRepository routing = new RoutingRepository(store);
            EndpointRepository endpoints = new EndpointRepository(store, SecretBox.forHome(dir, Optional.empty()));
            try (SharedRoutes leader = new SharedRoutes(routing, endpoints, leaderKeys, "leader", Clock.systemUTC());
                 SharedRoutes follower = new SharedRoutes(routing, endpoints, followerKeys, "follower", Clock.systemUTC())) {
                leader.publish(Map.of(ID, new Route(ID, "protected", EndpointState.RUNNING, List.of(pod, local, open))));
                assertThat(routing.latest().orElseThrow().routes()).as("no key is stored")
                        .doesNotContain(podKey).doesNotContain(local.apiKey()).contains(keyName);

                follower.start(Duration.ofMillis(50));
                await().atMost(Duration.ofSeconds(10)).until(() -> follower.route(ID).isPresent());
                List<Backend> seen = follower.route(ID).orElseThrow().ready();
                assertThat(seen).extracting(Backend::replicaId)
                        .containsExactly("alice.demo.inc0.r0", "alice.demo.inc0.r1", "alice.demo.inc0.r2");
                assertThat(seen.get(0).apiKey()).as("the pod's key, derived from its Deployment")
                        .isEqualTo(podKey).isNotEqualTo(followerKeys.keyFor("alice.demo.inc0.r0"));
                assertThat(seen.get(0).keyName()).isEqualTo(keyName);
                assertThat(seen.get(0).address()).isEqualTo(URI.create("http://10.1.2.3:8080"));
                assertThat(seen.get(1).apiKey()).as("a local replica's key, derived from its id").isEqualTo(local.apiKey());
                assertThat(seen.get(2).apiKey()).as("a replica that requires no key gets none").isNull();
            }
        }
    }

    @Test
    void aFollowerReadsAPublicationWithoutKeyNamesAsKeyedByReplicaId() throws Exception {
        ReplicaKeys keys = ReplicaKeys.provided(mountedSecret());
        try (Store store = TestStores.SQLITE.open(dir)) {
            RoutingRepository routing = new RoutingRepository(store);
            // what an instance of the previous version published, before routes named their keys
            routing.publish("""
                    [{"namespace":"alice","name":"demo","type":"protected","state":"RUNNING","perReplica":1,
                      "maxReplicas":1,"ready":[{"replicaId":"alice.demo.inc0.r0","address":"http://127.0.0.1:4100",
                      "keyed":true}]}]""", "old-leader", Clock.systemUTC().instant());
            EndpointRepository endpoints = new EndpointRepository(store, SecretBox.forHome(dir, Optional.empty()));
            try (SharedRoutes follower = new SharedRoutes(routing, endpoints, keys, "follower", Clock.systemUTC())) {
                follower.start(Duration.ofMillis(50));
                Backend b = follower.route(ID).orElseThrow().ready().getFirst();
                assertThat(b.apiKey()).isEqualTo(keys.keyFor("alice.demo.inc0.r0"));
            }
        }
    }

    @Test
    void aSharedSecretThatIsMissingIsRefusedWithTheVariableThatNamedIt() {
        assertThatThrownBy(() -> ReplicaKeys.provided(dir.resolve("absent.secret")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("HEARTH_REPLICA_KEY_FILE");
    }

    @Test
    void aSharedSecretIsReadAsMountedAndNeitherRewrittenNorReModed() throws Exception {
        Path secret = mountedSecret();
        String before = Files.readString(secret);
        var mode = Files.getPosixFilePermissions(secret);
        String key = ReplicaKeys.provided(secret).keyFor("x");
        assertThat(Files.readString(secret)).isEqualTo(before);
        assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(mode);
        assertThat(ReplicaKeys.provided(secret).keyFor("x")).as("the same secret derives the same key").isEqualTo(key);
    }
}
