package dev.hearth.kubernetes;

import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.provider.Replica;
import dev.hearth.server.provider.local.ReplicaKeys;
import dev.hearth.server.provider.ReplicaHealth;
import dev.hearth.server.provider.ReplicaLaunch;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The image and manifests under {@code deploy/}, parsed as Kubernetes would read them, checked against the code. */
@EnableKubernetesMockClient(crud = true)
class DeployManifestsTest {

    static final Path DEPLOY = Path.of(System.getProperty("user.dir")).getParent().resolve("deploy");
    static final String PROVIDER_AGENT = "hearth-provider-under-test";

    KubernetesClient client;
    KubernetesMockServer server;
    List<HasMetadata> objects;

    @BeforeEach
    void load() throws IOException {
        objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("kubernetes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    objects.addAll(client.load(in).items());
                }
            }
        }
    }

    <T extends HasMetadata> T only(Class<T> kind) {
        List<T> found = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertThat(found).as(kind.getSimpleName()).hasSize(1);
        return found.getFirst();
    }

    @Test
    void theManifestsHoldExactlyTheObjectsHearthNeedsInOneNamespace() {
        assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("Namespace", "ServiceAccount",
                "Role", "RoleBinding", "Secret", "Secret", "PersistentVolumeClaim", "Deployment", "Service");
        assertThat(objects).filteredOn(o -> !o.getKind().equals("Namespace"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("hearth"));
    }

    @Test
    void theControlPlaneRunsTwoReplicasOfTheImageItStartsWorkersFromWithProbesAndItsStoreFromTheSecret() throws IOException {
        Deployment d = only(Deployment.class);
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        var pod = d.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(only(ServiceAccount.class).getMetadata().getName());
        Container c = pod.getContainers().getFirst();
        Map<String, String> env = c.getEnv().stream().collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
        // One image for the control plane and its workers, and the one the Dockerfile's build command tags.
        assertThat(c.getImage()).isEqualTo(env.get("HEARTH_K8S_IMAGE")).isEqualTo(KubernetesSettings.DEFAULT_IMAGE);
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        assertThat(dockerfile).contains("-t " + c.getImage() + " ", "FROM eclipse-temurin:25-jre",
                "hearth-cli/target/hearth.jar", "hearth-engine/natives/provision.sh", "npm");
        assertThat(c.getArgs()).containsSequence("--provider", "kubernetes");

        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(c.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo(c.getReadinessProbe().getHttpGet().getPort().getStrVal());
            assertThat(p.getContainerPort()).isEqualTo(8080);
        });

        Secret store = secret("hearth-store");
        assertThat(store.getStringData()).containsKey("HEARTH_STORE");
        assertThat(store.getStringData().get("HEARTH_STORE")).startsWith("jdbc:postgresql://");
        assertThat(c.getEnvFrom()).anySatisfy(e -> assertThat(e.getSecretRef().getName()).isEqualTo(store.getMetadata().getName()));
        assertThat(env).doesNotContainKeys("HEARTH_STORE", "HEARTH_ADMIN_TOKEN", "HEARTH_SECRETS_KEY");

        // The shared Hugging Face cache: the claim the provider mounts in replicas, at the same path here.
        PersistentVolumeClaim claim = only(PersistentVolumeClaim.class);
        assertThat(claim.getMetadata().getName()).isEqualTo(KubernetesSettings.DEFAULT_CACHE_CLAIM)
                .isEqualTo(env.get("HEARTH_K8S_CACHE_CLAIM"));
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo(claim.getMetadata().getName()));
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(KubernetesSettings.DEFAULT_CACHE_PATH));
        assertThat(env.get("HF_HOME")).isEqualTo(KubernetesSettings.DEFAULT_CACHE_PATH);
    }

    @Test
    void everyControlPlanePodReadsTheSameReplicaKeySecretMountedReadOnlyFromOneKubernetesSecret() {
        Deployment d = only(Deployment.class);
        var pod = d.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().getFirst();
        Secret keys = secret("hearth-replica-keys");
        assertThat(keys.getStringData()).containsOnlyKeys("replica-keys.secret");
        String file = c.getEnv().stream().filter(e -> e.getName().equals("HEARTH_REPLICA_KEY_FILE")).findFirst()
                .orElseThrow().getValue();
        var volume = pod.getVolumes().stream().filter(v -> v.getSecret() != null
                && keys.getMetadata().getName().equals(v.getSecret().getSecretName())).findFirst().orElseThrow();
        assertThat(volume.getSecret().getDefaultMode()).as("not readable by others").isEqualTo(0440);
        assertThat(c.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(volume.getName());
            assertThat(m.getReadOnly()).isTrue();
            assertThat(file).isEqualTo(m.getMountPath() + "/replica-keys.secret");
        });
        assertThat(c.getEnvFrom()).as("the key secret is not in the pod's environment")
                .noneSatisfy(e -> assertThat(e.getSecretRef().getName()).isEqualTo(keys.getMetadata().getName()));
    }

    Secret secret(String name) {
        return objects.stream().filter(o -> o instanceof Secret && o.getMetadata().getName().equals(name))
                .map(Secret.class::cast).findFirst().orElseThrow(() -> new AssertionError("no Secret " + name));
    }

    @Test
    void theServiceReachesTheControlPlanePodsByTheirLabelsAndNamedPort() {
        Service s = only(Service.class);
        Deployment d = only(Deployment.class);
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(s.getSpec().getSelector());
        assertThat(s.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
    }

    @Test
    void theRoleIsBoundToTheServiceAccountAndGrantsExactlyTheCallsTheProviderMakes() throws Exception {
        RoleBinding binding = only(RoleBinding.class);
        Role role = only(Role.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(only(ServiceAccount.class).getMetadata().getName());
        });
        Set<String> granted = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            assertThat(rule.getResourceNames()).as("no rule is limited to names").isNullOrEmpty();
            for (String group : rule.getApiGroups()) for (String resource : rule.getResources()) for (String verb : rule.getVerbs()) {
                assertThat(verb).isNotEqualTo("*");
                granted.add(new ApiCalls(group, resource, verb).toString());
            }
        }
        assertThat(granted).isEqualTo(callsOfAWholeLifecycle());
    }

    /**
     * Every API call the provider makes over an endpoint's life: recovery, creation, a ready pod, its log, a rolling
     * update to a crashing version, a stop, a restart that adopts, and deletion; and the leader election's, from
     * taking the Lease to releasing it. Told apart from the test's own calls
     * (playing the kubelet) by the provider client's user agent.
     */
    Set<String> callsOfAWholeLifecycle() throws Exception {
        while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // drop the requests of loading the manifests
        }
        String ns = client.getNamespace();
        Kubelet kubelet = new Kubelet(client, ns);
        KubernetesSettings settings = KubernetesSettings.defaults(ns).withWorkerPort(8080);
        EndpointId id = new EndpointId("alice", "rbac");
        ReplicaKeys keys = ReplicaKeys.open(Files.createTempDirectory("hearth-keys").resolve("replica-keys.secret"));
        try (KubernetesProvider provider = new KubernetesProvider(providerClient(), settings, r -> {}, Map.of("HF_TOKEN", "t"), true, keys)) {
            provider.recover();
            Replica v1 = provider.start(launch(id, 1));
            String d1 = ObjectNames.deployment(id, "inc0", 1);
            await().until(() -> kubelet.deployment(d1).getSpec().getReplicas() == 1);
            kubelet.fill(d1, Kubelet.ready("127.0.0.1"));
            await().atMost(Duration.ofSeconds(20)).until(() -> v1.health() == ReplicaHealth.READY);
            v1.logTail(5);
            Replica v2 = provider.start(launch(id, 2));
            String d2 = ObjectNames.deployment(id, "inc0", 2);
            await().until(() -> kubelet.deployment(d2).getSpec().getReplicas() == 1);
            kubelet.fill(d2, Kubelet.waiting("CrashLoopBackOff", "back-off", "Error", 1));
            await().atMost(Duration.ofSeconds(20)).until(() -> v2.health() == ReplicaHealth.EXITED);
            provider.stop(v1);
        }
        try (KubernetesProvider restarted = new KubernetesProvider(providerClient(), settings, r -> {}, Map.of(), true, keys)) {
            restarted.recover();
            restarted.start(launch(id, 2));
            restarted.deleted(id);
        }
        try (KubernetesClient electing = providerClient();
             LeaseLeadership election = new LeaseLeadership(electing, ns, LeaseLeadership.LEASE, "pod-a",
                     LeaseLeadershipTest.FAST)) {
            election.start(new dev.hearth.server.leader.Leadership.Listener() {
                @Override
                public void elected() {}

                @Override
                public void deposed() {}
            });
            await().atMost(Duration.ofSeconds(20)).until(election::isLeader);
            await().pollDelay(Duration.ofMillis(LeaseLeadershipTest.FAST.retry().toMillis() * 3)).until(() -> true); // renewals
        }
        Set<String> calls = new TreeSet<>();
        for (RecordedRequest r; (r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null; ) {
            if (PROVIDER_AGENT.equals(r.getHeader("User-Agent"))) calls.add(ApiCalls.of(r).toString());
        }
        assertThat(calls).as("the provider's calls were recorded").isNotEmpty();
        return calls;
    }

    KubernetesClient providerClient() {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration()).withUserAgent(PROVIDER_AGENT).build()).build();
    }

    static ReplicaLaunch launch(EndpointId id, long version) {
        return new ReplicaLaunch(id, "inc0", "alice.rbac.inc0.r" + version, version,
                List.of("hearth", "worker", "--port", ReplicaLaunch.PORT), Map.of("COLOR", "red"), "/health");
    }
}
