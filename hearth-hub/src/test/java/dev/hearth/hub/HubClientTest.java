package dev.hearth.hub;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Downloads against a fake Hub on a random port, checked file by file against huggingface_hub's cache layout. */
class HubClientTest {

    static final String REPO = "acme/tiny-llama";
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String OLD_COMMIT = "fedcba9876543210fedcba9876543210fedcba98";

    @TempDir Path cacheDir;
    LocalHub hub;
    byte[] weights;
    byte[] config = "{\"model_type\":\"llama\"}".getBytes(StandardCharsets.UTF_8);
    byte[] tokenizer = "{\"model\":{\"type\":\"BPE\"}}".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void startHub() {
        weights = new byte[300_000];
        new Random(42).nextBytes(weights);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", config);
        files.put("model.safetensors", weights);
        files.put("tokenizer/tokenizer.json", tokenizer);
        hub = new LocalHub().put(new LocalHub.Repo(REPO, COMMIT, Map.of("main", COMMIT, "v1.0", COMMIT), files, false, false));
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    HubClient client() {
        return new HubClient(new HubSettings(hub.uri(), cacheDir, null, false, Duration.ofSeconds(10)));
    }

    Path repoFolder() {
        return cacheDir.resolve("models--acme--tiny-llama");
    }

    @Test
    void downloadWritesBlobsRefsAndRelativeSymlinksExactlyAsHuggingFaceHubDoes() throws Exception {
        Snapshot s = client().download(REPO);

        assertThat(s.commit()).isEqualTo(COMMIT);
        assertThat(s.folder()).isEqualTo(repoFolder().resolve("snapshots").resolve(COMMIT));
        assertThat(s.files()).containsExactly("config.json", "model.safetensors", "tokenizer/tokenizer.json");
        assertThat(Files.readString(repoFolder().resolve("refs/main"))).isEqualTo(COMMIT);

        String lfsEtag = LocalHub.sha256(weights), configEtag = LocalHub.gitSha1(config);
        assertThat(Files.readAllBytes(repoFolder().resolve("blobs").resolve(lfsEtag))).isEqualTo(weights);
        assertThat(Files.readAllBytes(repoFolder().resolve("blobs").resolve(configEtag))).isEqualTo(config);
        assertThat(Files.readSymbolicLink(s.file("model.safetensors"))).isEqualTo(Path.of("../../blobs/" + lfsEtag));
        assertThat(Files.readSymbolicLink(s.file("config.json"))).isEqualTo(Path.of("../../blobs/" + configEtag));
        assertThat(Files.readSymbolicLink(s.file("tokenizer/tokenizer.json")))
                .isEqualTo(Path.of("../../../blobs/" + LocalHub.gitSha1(tokenizer)));
        assertThat(Files.readAllBytes(s.file("tokenizer/tokenizer.json"))).isEqualTo(tokenizer);
        try (Stream<Path> blobs = Files.list(repoFolder().resolve("blobs"))) {
            assertThat(blobs.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(lfsEtag, configEtag, LocalHub.gitSha1(tokenizer));
        }
        assertThat(cacheDir.resolve(".locks/models--acme--tiny-llama").resolve(lfsEtag + ".lock")).exists();
        assertThat(hub.requestsMatching("/cdn/")).as("the LFS file came from the CDN path").hasSize(1);
    }

    @Test
    void aSecondDownloadTransfersNothingAndOfflineItMakesNoRequestAtAll() {
        client().download(REPO);
        hub.clearRequests();

        Snapshot again = client().download(REPO);
        assertThat(again.files()).hasSize(3);
        assertThat(hub.requests()).as("only the revision lookup, no HEAD or GET of files")
                .containsExactly("GET /api/models/acme/tiny-llama/revision/main");

        hub.clearRequests();
        Snapshot offline = new HubClient(client().settings().withOffline(true)).download(REPO);
        assertThat(offline).isEqualTo(again);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void anInterruptedDownloadResumesWithARangeRequestAndIsVerified() throws Exception {
        String sha = LocalHub.sha256(weights);
        hub.cutNextTransfer(sha, 100_000);

        assertThatThrownBy(() -> client().download(REPO)).isInstanceOf(HubException.Network.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("resume");
        Path incomplete = repoFolder().resolve("blobs").resolve(sha + ".incomplete");
        assertThat(Files.size(incomplete)).isEqualTo(100_000);
        assertThat(repoFolder().resolve("snapshots").resolve(COMMIT).resolve("model.safetensors"))
                .as("no half file in snapshots/").doesNotExist();

        Snapshot s = client().download(REPO);
        assertThat(hub.requestsMatching("Range=bytes=100000-")).hasSize(1);
        assertThat(Files.readAllBytes(s.file("model.safetensors"))).isEqualTo(weights);
        assertThat(incomplete).doesNotExist();
    }

    @Test
    void aResumedFileWhoseBytesDoNotMatchTheSha256IsDiscardedAndDownloadedAfresh() throws Exception {
        String sha = LocalHub.sha256(weights);
        Path incomplete = repoFolder().resolve("blobs").resolve(sha + ".incomplete");
        Files.createDirectories(incomplete.getParent());
        Files.write(incomplete, new byte[1000]); // not the file's first 1000 bytes

        assertThatThrownBy(() -> client().download(REPO)).isInstanceOf(HubException.Network.class)
                .hasMessageContaining("corrupt").hasMessageContaining(sha);
        assertThat(incomplete).doesNotExist();

        Snapshot s = client().download(REPO);
        assertThat(Files.readAllBytes(s.file("model.safetensors"))).isEqualTo(weights);
    }

    @Test
    void twoThreadsDownloadingTheSameFileProduceOneCorrectBlobAndOneTransfer() throws Exception {
        hub.delayCdnChunks(5);
        CountDownLatch start = new CountDownLatch(1);
        Callable<Snapshot> task = () -> {
            start.await();
            return client().download(REPO, "main", List.of("*.safetensors"), List.of(), DownloadProgress.NONE);
        };
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Snapshot> a = pool.submit(task), b = pool.submit(task);
            start.countDown();
            assertThat(a.get().folder()).isEqualTo(b.get().folder());
            assertThat(Files.readAllBytes(a.get().file("model.safetensors"))).isEqualTo(weights);
        }
        assertThat(hub.requestsMatching("GET /cdn/")).hasSize(1);
        assertThat(repoFolder().resolve("blobs").resolve(LocalHub.sha256(weights) + ".incomplete")).doesNotExist();
    }

    @Test
    void twoThreadsOfOneClientDownloadingTheSameFileProduceOneTransfer() throws Exception {
        hub.delayCdnChunks(5);
        HubClient shared = client();
        CountDownLatch start = new CountDownLatch(1);
        Callable<Snapshot> task = () -> {
            start.await();
            return shared.download(REPO, "main", List.of("*.safetensors"), List.of(), DownloadProgress.NONE);
        };
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Snapshot> a = pool.submit(task), b = pool.submit(task);
            start.countDown();
            assertThat(Files.readAllBytes(a.get().file("model.safetensors"))).isEqualTo(weights);
            assertThat(b.get().folder()).isEqualTo(a.get().folder());
        }
        assertThat(hub.requestsMatching("GET /cdn/")).hasSize(1);
    }

    @Test
    void allowAndIgnorePatternsFetchOnlyTheFilesNeeded() throws Exception {
        Snapshot s = client().download(REPO, null, List.of("*.json"), List.of("tokenizer/"), DownloadProgress.NONE);

        assertThat(s.files()).containsExactly("config.json");
        assertThat(hub.requestsMatching("model.safetensors")).isEmpty();
        assertThat(hub.requestsMatching("tokenizer.json")).isEmpty();
        try (Stream<Path> files = Files.walk(s.folder())) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(s.file("config.json"));
        }
    }

    @Test
    void aTagOrACommitResolvesToTheSameSnapshotAndOnlyNamesGetARef() throws Exception {
        Snapshot byTag = client().download(REPO, "v1.0", List.of("config.json"), List.of(), DownloadProgress.NONE);
        Snapshot byCommit = client().download(REPO, COMMIT, List.of("config.json"), List.of(), DownloadProgress.NONE);

        assertThat(byTag.folder()).isEqualTo(byCommit.folder());
        assertThat(Files.readString(repoFolder().resolve("refs/v1.0"))).isEqualTo(COMMIT);
        assertThat(repoFolder().resolve("refs").resolve(COMMIT)).doesNotExist();
    }

    @Test
    void offlineACacheHitIsServedAndAMissSaysWhatToDo() {
        client().download(REPO, null, List.of("config.json"), List.of(), DownloadProgress.NONE);
        HubClient offline = new HubClient(client().settings().withOffline(true));
        hub.clearRequests();

        assertThat(offline.download(REPO, "main", List.of(), List.of(), null).files()).containsExactly("config.json");
        assertThat(offline.download(REPO, COMMIT, List.of(), List.of(), null).commit()).isEqualTo(COMMIT);
        assertThatThrownBy(() -> offline.download("acme/other")).isInstanceOf(HubException.NotInCache.class)
                .hasMessageContaining("HF_HUB_OFFLINE=1").hasMessageContaining("hearth download acme/other");
        assertThatThrownBy(() -> offline.download(REPO, "main", List.of("*.safetensors"), List.of(), null))
                .isInstanceOf(HubException.NotInCache.class).hasMessageContaining("matching");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void anUnreachableHubFallsBackToTheCacheAndOtherwiseIsANetworkError() throws Exception {
        client().download(REPO, null, List.of("config.json"), List.of(), DownloadProgress.NONE);
        HubSettings unreachable = client().settings().withEndpoint(java.net.URI.create("http://127.0.0.1:1"));

        assertThat(new HubClient(unreachable).download(REPO).files()).containsExactly("config.json");
        assertThatThrownBy(() -> new HubClient(unreachable).download("acme/other"))
                .isInstanceOf(HubException.Network.class).hasMessageContaining("cannot reach the Hub");
    }

    @Test
    void eachHubErrorBecomesItsOwnType() {
        hub.put(new LocalHub.Repo("acme/gated", COMMIT, Map.of("main", COMMIT), Map.of("config.json", config), false, true));
        hub.hide("config.json");
        HubClient c = client();

        assertThatThrownBy(() -> c.download("acme/missing")).isInstanceOf(HubException.RepoNotFound.class)
                .hasMessageContaining("acme/missing").hasMessageContaining("HF_TOKEN");
        assertThatThrownBy(() -> c.download(REPO, "no-such-branch", List.of(), List.of(), null))
                .isInstanceOf(HubException.RevisionNotFound.class).hasMessageContaining("no-such-branch");
        assertThatThrownBy(() -> c.download(REPO, null, List.of("config.json"), List.of(), null))
                .isInstanceOf(HubException.EntryNotFound.class).hasMessageContaining("config.json");
        assertThatThrownBy(() -> c.download("acme/gated")).isInstanceOf(HubException.GatedRepo.class)
                .hasMessageContaining("gated");
        assertThatThrownBy(() -> new HubClient(c.settings().withToken("hf_good")).download("acme/gated"))
                .as("a valid token without accepted conditions: 403").isInstanceOf(HubException.GatedRepo.class);
        assertThatThrownBy(() -> new HubClient(c.settings().withToken("hf_wrong")).download(REPO))
                .isInstanceOf(HubException.Unauthorized.class).hasMessageContaining("401").hasMessageContaining("HF_TOKEN");
        assertThatThrownBy(() -> c.download("not a/repo id")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.download("acme--x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPrivateRepositoryIsReadWithTheTokenFromTheEnvironmentOrTheTokenFile(@TempDir Path home) throws Exception {
        hub.put(new LocalHub.Repo("acme/private", COMMIT, Map.of("main", COMMIT), Map.of("config.json", config), true, false));
        Map<String, String> env = Map.of("HF_ENDPOINT", hub.uri().toString(), "HF_HUB_CACHE", cacheDir.toString());
        assertThatThrownBy(() -> new HubClient(HubSettings.fromEnvironment(env, home)).download("acme/private"))
                .isInstanceOf(HubException.RepoNotFound.class);

        Map<String, String> withToken = new java.util.HashMap<>(env);
        withToken.put("HF_TOKEN", LocalHub.GOOD_TOKEN);
        assertThat(new HubClient(HubSettings.fromEnvironment(withToken, home)).download("acme/private").files())
                .containsExactly("config.json");

        Files.createDirectories(home.resolve(".cache/huggingface"));
        Files.writeString(home.resolve(".cache/huggingface/token"), LocalHub.GOOD_TOKEN + "\n");
        hub.clearRequests();
        HubClient fromFile = new HubClient(HubSettings.fromEnvironment(env, home));
        assertThat(fromFile.repoInfo("acme/private", null).files()).containsExactly("config.json");
        assertThat(hub.requests()).containsExactly(
                "GET /api/models/acme/private/revision/main Authorization=Bearer " + LocalHub.GOOD_TOKEN);
    }

    @Test
    void progressHearsEachFileWithItsSizeAndWhetherItCameFromTheCache() {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        DownloadProgress listener = new DownloadProgress() {
            @Override public void started(String f, long size, long from) { events.add("start " + f + " " + size + " " + from); }
            @Override public void finished(String f, long size, boolean cached) { events.add("done " + f + " " + size + " " + cached); }
        };
        List<String> allow = List.of("config.json", "*.safetensors");
        client().download(REPO, null, allow, List.of(), listener);
        client().download(REPO, null, allow, List.of(), listener);

        assertThat(events).containsExactly(
                "start config.json " + config.length + " 0", "done config.json " + config.length + " false",
                "start model.safetensors 300000 0", "done model.safetensors 300000 false",
                "done config.json " + config.length + " true", "done model.safetensors 300000 true");
    }
}
