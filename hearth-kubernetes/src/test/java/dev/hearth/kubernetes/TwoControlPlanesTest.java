package dev.hearth.kubernetes;

import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;
import dev.hearth.hub.HubSettings;
import dev.hearth.server.HearthServer;
import dev.hearth.server.ServerOptions;
import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.reconcile.Reconciler;
import dev.hearth.server.store.StoreLocation;
import dev.hearth.testkit.EmbeddedPostgres;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two control planes, as the two replicas of deploy/'s Deployment: one real PostgreSQL, one mock Kubernetes API, a
 * home each (as separate pods have), and the one replica-key secret file both read, as the mounted Secret is. The
 * Lease elects the leader; requests through the follower reach the leader's pods with the right key.
 */
@EnableKubernetesMockClient(crud = true)
class TwoControlPlanesTest {

    static final String ADMIN = "admin-token";

    KubernetesClient client;
    @TempDir Path dir;
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
    }

    @Test
    void aRequestThroughTheFollowerReachesTheLeadersPodWithItsKeyAndStillDoesAfterTheLeaderLeft() throws Exception {
        String ns = client.getNamespace();
        FakePod pod = new FakePod();
        open.add(pod);
        Kubelet kubelet = new Kubelet(client, ns);
        LlamaSpec spec = LlamaSpec.tiny();
        Path model = LlamaModelFiles.writeGguf(spec, Vocabulary.withChatTokens().paddedTo(spec.nVocab()), GgmlType.Q8_0,
                dir.resolve("tiny.gguf"), Map.of());
        Path keyFile = mountedKeySecret();
        StoreLocation store = new StoreLocation.Postgres(EmbeddedPostgres.shared().newDatabase(), Optional.empty(),
                Optional.empty());
        String sealKey = Base64.getEncoder().encodeToString(random(32));

        HearthServer first = start("a", store, keyFile, sealKey, pod);
        HearthServer second = start("b", store, keyFile, sealKey, pod);
        await().atMost(Duration.ofSeconds(30)).until(() -> leading(first) || leading(second));
        HearthServer leader = leading(first) ? first : second;
        HearthServer follower = leader == first ? second : first;
        assertThat(leading(follower)).as("exactly one leads").isFalse();
        String leaderIdentity = leaseHolder(ns);
        Api viaLeader = new Api("http://127.0.0.1:" + leader.port(), ADMIN);
        Api viaFollower = new Api("http://127.0.0.1:" + follower.port(), ADMIN);

        Api.Response created = viaFollower.post("/v2/endpoint/alice", """
                {"name":"shared","type":"protected","provider":{"vendor":"hearth","region":"local"},
                 "compute":{"accelerator":"cpu","instanceType":"cpu","instanceSize":"x1",
                            "scaling":{"minReplica":1,"maxReplica":1}},
                 "model":{"repository":"%s","framework":"pytorch","task":"text-generation"}}""".formatted(model));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String deployment = await().atMost(Duration.ofSeconds(30)).until(() -> client.apps().deployments().inNamespace(ns)
                .withLabel(ObjectNames.ENDPOINT, "shared").list().getItems().stream()
                .map(d -> d.getMetadata().getName()).findFirst(), Optional::isPresent).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> kubelet.deployment(deployment).getSpec().getReplicas() == 1);
        pod.requiredKey = keyOf(ns, deployment);
        kubelet.fill(deployment, Kubelet.ready("127.0.0.1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> viaFollower.get("/v2/endpoint/alice/shared").state(), "running"::equals);

        // The follower routes by the leader's publication: it serves once that lists the ready pod.
        await().atMost(Duration.ofSeconds(30)).until(() -> generate(viaFollower).status() == 200);
        Api.Response r = generate(viaFollower);
        assertThat(r.status()).as("through the follower: " + r.body()).isEqualTo(200);
        assertThat(r.body()).contains("from the pod");
        assertThat(generate(viaLeader).status()).as("through the leader").isEqualTo(200);
        assertThat(pod.authorizations).as("no request was refused: each carried the Deployment's key")
                .doesNotContain("null").allMatch(("Bearer " + pod.requiredKey)::equals);

        leader.close(); // leaves the election and releases the Lease; the pod runs on
        open.remove(leader);
        await().atMost(Duration.ofSeconds(30)).until(() -> leading(follower));
        assertThat(leaseHolder(ns)).isNotNull().isNotEqualTo(leaderIdentity);
        // The new leader adopted the pod with the key it derives itself: still served, nothing restarted.
        await().atMost(Duration.ofSeconds(30)).until(() -> generate(viaFollower).status() == 200);
        assertThat(kubelet.pods(deployment)).hasSize(1);
        assertThat(pod.authorizations).allMatch(("Bearer " + pod.requiredKey)::equals);
    }

    /** What the instance's own /metrics says: hearth_leader 1 while it runs the reconciler. */
    static boolean leading(HearthServer server) {
        String metrics = new Api("http://127.0.0.1:" + server.port(), ADMIN).get("/metrics").body();
        return metrics.lines().filter(l -> l.startsWith("hearth_leader "))
                .anyMatch(l -> Double.parseDouble(l.substring("hearth_leader ".length()).strip()) == 1.0);
    }

    HearthServer start(String name, StoreLocation store, Path keyFile, String sealKey, FakePod pod) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        ServerOptions options = new ServerOptions(home, "127.0.0.1", 0, Optional.empty(), List.of("hearth", "worker"),
                Optional.of(ADMIN), "alice", HubSettings.forCache(home.resolve("hub")),
                new Reconciler.Settings(Duration.ofMillis(100), 3, Duration.ofMinutes(1), Duration.ofMillis(100),
                        Duration.ofMillis(400), Duration.ofMinutes(2)),
                new Autoscaler.Settings(4.0, Duration.ofSeconds(2), Duration.ofSeconds(1), 15))
                .withStore(store).withSecretsKey(Optional.of(sealKey))
                .withEnvironment(Map.of("HEARTH_REPLICA_KEY_FILE", keyFile.toString()));
        KubernetesClient own = new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
        open.add(own);
        KubernetesSettings settings = KubernetesSettings.defaults(client.getNamespace()).withWorkerPort(pod.port());
        HearthServer server = HearthServer.start(options, new KubernetesProviderFactory(own, settings, false));
        open.add(server);
        return server;
    }

    Path mountedKeySecret() throws Exception {
        Path file = Files.createDirectories(dir.resolve("etc-hearth-replica-keys")).resolve("replica-keys.secret");
        Files.writeString(file, Base64.getEncoder().encodeToString(random(32)));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
        return file;
    }

    String leaseHolder(String ns) {
        var lease = client.leases().inNamespace(ns).withName(LeaseLeadership.LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    String keyOf(String ns, String deployment) {
        Secret s = client.secrets().inNamespace(ns).withName(deployment).get();
        return new String(Base64.getDecoder().decode(s.getData().get("API_KEY")), StandardCharsets.UTF_8);
    }

    static Api.Response generate(Api api) {
        return api.post("/endpoints/alice/shared/generate", "{\"inputs\":\"Hello\"}");
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
