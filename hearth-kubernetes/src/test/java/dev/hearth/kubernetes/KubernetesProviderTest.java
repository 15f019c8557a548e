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
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kubernetes provider behind a real control plane, driven over HTTP, against fabric8's mock API server in CRUD
 * mode. The mock runs no controllers, so the test plays them ({@link Kubelet}): it creates the pods a Deployment asks
 * for and writes their status; a "ready" pod's IP is 127.0.0.1, where {@link FakePod} answers for it.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesProviderTest {

    static final String ADMIN = "admin-token";

    KubernetesClient client;

    @TempDir Path home;
    FakePod pod;
    HearthServer server;
    Api api;
    Kubelet kubelet;
    Path model;
    String ns;

    @BeforeEach
    void start() {
        ns = client.getNamespace();
        pod = new FakePod();
        kubelet = new Kubelet(client, ns);
        LlamaSpec spec = LlamaSpec.tiny();
        model = LlamaModelFiles.writeGguf(spec, Vocabulary.withChatTokens().paddedTo(spec.nVocab()), GgmlType.Q8_0,
                home.resolve("tiny.gguf"), Map.of());
        server = startServer();
        api = new Api("http://127.0.0.1:" + server.port(), ADMIN);
    }

    HearthServer startServer() {
        ServerOptions options = new ServerOptions(home, "127.0.0.1", 0, Optional.empty(), List.of("hearth", "worker"),
                Optional.of(ADMIN), "alice", HubSettings.forCache(home.resolve("hub")),
                new Reconciler.Settings(Duration.ofMillis(100), 3, Duration.ofMinutes(1), Duration.ofMillis(100),
                        Duration.ofMillis(400), Duration.ofMinutes(2)),
                new Autoscaler.Settings(4.0, Duration.ofSeconds(2), Duration.ofSeconds(1), 15))
                .withAllowCustomCommands(true).withEnvironment(Map.of("HF_TOKEN", "hf_secret_token", "HOME", "/root"));
        KubernetesSettings settings = KubernetesSettings.defaults(ns).withWorkerImage("registry.test/hearth:1")
                .withWorkerPort(pod.port());
        return HearthServer.start(options, new KubernetesProviderFactory(client, settings, false));
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        pod.close();
    }

    String create(String name, int min, int max) {
        Api.Response r = api.post("/v2/endpoint/alice", """
                {"name":"%s","type":"protected","provider":{"vendor":"hearth","region":"local"},
                 "compute":{"accelerator":"cpu","instanceType":"cpu","instanceSize":"x1",
                            "scaling":{"minReplica":%d,"maxReplica":%d}},
                 "model":{"repository":"%s","framework":"pytorch","task":"text-generation","env":{"COLOR":"blue"},
                          "secrets":{"DB_PASSWORD":"hunter2"}}}""".formatted(name, min, max, model));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return awaitDeployment(name, 1);
    }

    /** The name of the endpoint's Deployment of spec version {@code version}, once the provider made it. */
    String awaitDeployment(String endpoint, long version) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> deployments(endpoint).stream()
                .filter(d -> d.getMetadata().getLabels().get(ObjectNames.SPEC_VERSION).equals(Long.toString(version)))
                .map(d -> d.getMetadata().getName()).findFirst(), Optional::isPresent).get();
    }

    List<Deployment> deployments(String endpoint) {
        return client.apps().deployments().inNamespace(ns).withLabel(ObjectNames.ENDPOINT, endpoint).list().getItems();
    }

    int replicas(String deployment) {
        Deployment d = kubelet.deployment(deployment);
        return d == null ? -1 : d.getSpec().getReplicas();
    }

    String keyOf(String deployment) {
        Secret s = client.secrets().inNamespace(ns).withName(deployment).get();
        return new String(Base64.getDecoder().decode(s.getData().get("API_KEY")), StandardCharsets.UTF_8);
    }

    void awaitState(String endpoint, String state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/v2/endpoint/alice/" + endpoint).state(), state::equals);
    }

    Api.Response generate(String endpoint) {
        return api.post("/endpoints/alice/" + endpoint + "/generate", "{\"inputs\":\"Hello\"}");
    }

    @Test
    void creatingAnEndpointMakesADeploymentOfTheWorkerImageLabelledSizedAndWithTheSharedCache() {
        String name = create("demo", 1, 1);
        await().until(() -> replicas(name) == 1);
        Deployment d = kubelet.deployment(name);
        assertThat(d.getMetadata().getLabels()).containsEntry(ObjectNames.MANAGED_BY, "hearth")
                .containsEntry(ObjectNames.NAMESPACE, "alice").containsEntry(ObjectNames.ENDPOINT, "demo")
                .containsEntry(ObjectNames.SPEC_VERSION, "1");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(ObjectNames.SPEC_VERSION, "1")
                .containsEntry(ObjectNames.DEPLOYMENT, name);
        assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of(ObjectNames.DEPLOYMENT, name));

        var podSpec = d.getSpec().getTemplate().getSpec();
        Container c = podSpec.getContainers().getFirst();
        assertThat(c.getImage()).isEqualTo("registry.test/hearth:1");
        assertThat(c.getCommand()).startsWith("hearth", "worker", "--model", model.toString())
                .containsSequence("--hostname", "0.0.0.0").containsSequence("--port", Integer.toString(pod.port()));
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(pod.port());
        assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("1");
        assertThat(c.getResources().getLimits()).containsKey("cpu").doesNotContainKey("nvidia.com/gpu");
        assertThat(podSpec.getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName())
                .isEqualTo(KubernetesSettings.DEFAULT_CACHE_CLAIM));
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(KubernetesSettings.DEFAULT_CACHE_PATH));
        assertThat(podSpec.getAutomountServiceAccountToken()).isFalse();

        // Nothing secret in the Deployment: the environment comes from the Secret, which the Deployment owns.
        String deploymentText = io.fabric8.kubernetes.client.utils.Serialization.asYaml(d);
        assertThat(deploymentText).doesNotContain("hunter2", "hf_secret_token", keyOf(name), "blue");
        assertThat(c.getEnvFrom()).singleElement().satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo(name));
        Secret secret = client.secrets().inNamespace(ns).withName(name).get();
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Deployment");
            assertThat(o.getName()).isEqualTo(name);
            assertThat(o.getUid()).isEqualTo(d.getMetadata().getUid());
        });
        Map<String, String> env = new java.util.HashMap<>();
        secret.getData().forEach((k, v) -> env.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        assertThat(env).containsEntry("COLOR", "blue").containsEntry("DB_PASSWORD", "hunter2")
                .containsEntry("HF_TOKEN", "hf_secret_token").containsKey("API_KEY").doesNotContainKey("HOME");
    }

    @Test
    void aReadyPodIsServedThroughTheGatewayAtItsIpWithTheKeyFromItsSecret() {
        String name = create("served", 1, 1);
        await().until(() -> replicas(name) == 1);
        pod.requiredKey = keyOf(name);
        String podName = kubelet.fill(name, Kubelet.starting("127.0.0.1")).getFirst();
        assertThat(api.get("/v2/endpoint/alice/served").state()).isNotEqualTo("running");
        kubelet.setStatus(podName, Kubelet.ready("127.0.0.1"));
        awaitState("served", "running");

        Api.Response r = generate("served");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("from the pod");
        assertThat(pod.authorizations).contains("Bearer " + keyOf(name));
    }

    @Test
    void scaleToZeroSetsTheReplicasToZeroAndARequestWakesTheDeploymentUp() throws Exception {
        String name = create("sleepy", 0, 1);
        await().until(() -> replicas(name) == 1);
        pod.requiredKey = keyOf(name);
        kubelet.fill(name, Kubelet.ready("127.0.0.1"));
        awaitState("sleepy", "running");

        assertThat(api.post("/v2/endpoint/alice/sleepy/scale-to-zero", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas(name) == 0);
        await().until(() -> kubelet.pods(name).isEmpty()); // the provider removed the replica's pod
        awaitState("sleepy", "scaledToZero");

        CompletableFuture<Api.Response> waking = CompletableFuture.supplyAsync(() -> generate("sleepy"));
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas(name) == 1);
        assertThat(waking).isNotDone(); // held by the gateway until a pod is ready
        kubelet.fill(name, Kubelet.ready("127.0.0.1"));
        Api.Response r = waking.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("from the pod");
    }

    @Test
    void anUpdateRollsOutADeploymentLabelledWithTheNewSpecVersionAndRemovesTheOldOne() {
        String v1 = create("rolling", 1, 1);
        await().until(() -> replicas(v1) == 1);
        kubelet.fill(v1, Kubelet.ready("127.0.0.1"));
        awaitState("rolling", "running");

        Api.Response put = api.put("/v2/endpoint/alice/rolling", "{\"model\":{\"env\":{\"COLOR\":\"green\"}}}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        String v2 = awaitDeployment("rolling", 2);
        assertThat(v2).isNotEqualTo(v1);
        await().until(() -> replicas(v2) == 1);
        assertThat(kubelet.deployment(v2).getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(ObjectNames.SPEC_VERSION, "2");
        // The old version serves until the new one is ready.
        assertThat(replicas(v1)).isEqualTo(1);
        pod.requiredKey = keyOf(v1);
        assertThat(generate("rolling").status()).isEqualTo(200);

        pod.requiredKey = keyOf(v2);
        kubelet.fill(v2, Kubelet.ready("127.0.0.1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> kubelet.deployment(v1) == null);
        assertThat(client.secrets().inNamespace(ns).withName(v1).get()).isNull();
        awaitState("rolling", "running");
        Api.Response r = generate("rolling");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(pod.authorizations.getLast()).isEqualTo("Bearer " + keyOf(v2));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CrashLoopBackOff | crash    | back-off 40s restarting failed container",
            "ImagePullBackOff | pull     | Back-off pulling image",
            "OOMKilled        | oom      | ",
            "Unschedulable    | nowhere  | 0/3 nodes are available: 3 Insufficient nvidia.com/gpu"})
    void aPodsFailureReasonBecomesTheFailedEndpointsMessage(String reason, String endpoint, String message) {
        String name = create(endpoint, 1, 1);
        var status = switch (reason) {
            case "OOMKilled" -> Kubelet.waiting("CrashLoopBackOff", "back-off", "OOMKilled", 137);
            case "Unschedulable" -> Kubelet.unschedulable(message);
            default -> Kubelet.waiting(reason, message, null, null);
        };
        // Every pod the Deployment gets fails the same way, until the reconciler gives up.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            kubelet.fill(name, status);
            return api.get("/v2/endpoint/alice/" + endpoint).state().equals("failed");
        });
        String failed = api.get("/v2/endpoint/alice/" + endpoint).message();
        assertThat(failed).contains(reason);
        if (message != null) assertThat(failed).contains(message);
        await().until(() -> replicas(name) == 0);
    }

    @Test
    void deletingAnEndpointLeavesNoObjectBehind() {
        String name = create("doomed", 1, 1);
        await().until(() -> replicas(name) == 1);
        kubelet.fill(name, Kubelet.ready("127.0.0.1"));
        awaitState("doomed", "running");

        assertThat(api.delete("/v2/endpoint/alice/doomed").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> deployments("doomed").isEmpty());
        await().until(() -> client.secrets().inNamespace(ns).withLabel(ObjectNames.ENDPOINT, "doomed").list().getItems().isEmpty());
        await().until(() -> client.pods().inNamespace(ns).withLabel(ObjectNames.ENDPOINT, "doomed").list().getItems().isEmpty());
    }

    @Test
    void aRestartedControlPlaneAdoptsTheRunningPodsAndKeepsServingWithoutNewOnes() {
        String name = create("lasting", 1, 1);
        await().until(() -> replicas(name) == 1);
        pod.requiredKey = keyOf(name);
        List<String> pods = kubelet.fill(name, Kubelet.ready("127.0.0.1"));
        awaitState("lasting", "running");

        server.close();
        server = startServer();
        api = new Api("http://127.0.0.1:" + server.port(), ADMIN);
        Api.Response r = generate("lasting");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        awaitState("lasting", "running");
        assertThat(replicas(name)).isEqualTo(1);
        assertThat(kubelet.pods(name)).extracting(p -> p.getMetadata().getName()).isEqualTo(pods);
    }
}
