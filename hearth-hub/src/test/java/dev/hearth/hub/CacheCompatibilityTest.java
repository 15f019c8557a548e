package dev.hearth.hub;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cache written here in the exact shape huggingface_hub leaves on Linux (what {@code huggingface-cli download}
 * produces, including its {@code .no_exist} markers and lock files) is read back by Hearth without transferring
 * anything. The opposite direction is the layout test in {@link HubClientTest}.
 */
class CacheCompatibilityTest {

    static final String COMMIT = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

    @TempDir Path cacheDir;
    byte[] config = "{\"architectures\":[\"LlamaForCausalLM\"]}".getBytes(StandardCharsets.UTF_8);
    byte[] weights = "not really safetensors, but bytes all the same".getBytes(StandardCharsets.UTF_8);
    LocalHub hub;

    @BeforeEach
    void writeHuggingFaceHubCache() throws Exception {
        Path repo = cacheDir.resolve("models--HuggingFaceH4--zephyr-7b-beta");
        String configEtag = LocalHub.gitSha1(config), weightsEtag = LocalHub.sha256(weights);
        Files.createDirectories(repo.resolve("blobs"));
        Files.write(repo.resolve("blobs").resolve(configEtag), config);
        Files.write(repo.resolve("blobs").resolve(weightsEtag), weights);
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), COMMIT); // no newline, as huggingface_hub writes it
        Path snapshot = repo.resolve("snapshots").resolve(COMMIT);
        Files.createDirectories(snapshot);
        Files.createSymbolicLink(snapshot.resolve("config.json"), Path.of("../../blobs/" + configEtag));
        Files.createSymbolicLink(snapshot.resolve("model.safetensors"), Path.of("../../blobs/" + weightsEtag));
        Files.createDirectories(repo.resolve(".no_exist").resolve(COMMIT));
        Files.createFile(repo.resolve(".no_exist").resolve(COMMIT).resolve("generation_config.json"));
        Files.createDirectories(cacheDir.resolve(".locks/models--HuggingFaceH4--zephyr-7b-beta"));

        hub = new LocalHub().repo("HuggingFaceH4/zephyr-7b-beta", COMMIT,
                Map.of("config.json", config, "model.safetensors", weights));
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void offlineHearthServesTheSnapshotHuggingFaceHubWrote() throws Exception {
        HubClient offline = new HubClient(new HubSettings(hub.uri(), cacheDir, null, true, Duration.ofSeconds(5)));
        Snapshot s = offline.download("HuggingFaceH4/zephyr-7b-beta");

        assertThat(s.commit()).isEqualTo(COMMIT);
        assertThat(s.files()).containsExactly("config.json", "model.safetensors");
        assertThat(Files.readAllBytes(s.file("model.safetensors"))).isEqualTo(weights);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void onlineHearthOnlyAsksForTheRevisionAndTransfersNoFile() throws Exception {
        HubClient online = new HubClient(new HubSettings(hub.uri(), cacheDir, null, false, Duration.ofSeconds(5)));
        Snapshot s = online.download("HuggingFaceH4/zephyr-7b-beta", "main", List.of(), List.of(), null);

        assertThat(Files.readAllBytes(s.file("config.json"))).isEqualTo(config);
        assertThat(hub.requests()).containsExactly("GET /api/models/HuggingFaceH4/zephyr-7b-beta/revision/main");
    }
}
