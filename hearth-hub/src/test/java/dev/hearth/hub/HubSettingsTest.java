package dev.hearth.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The environment variables huggingface_hub reads, read the same way. */
class HubSettingsTest {

    @TempDir Path home;

    @Test
    void withNothingSetItIsThePublicHubAndTheCacheUnderTheHomeFolder() {
        HubSettings s = HubSettings.fromEnvironment(Map.of(), home);
        assertThat(s.endpoint()).isEqualTo(URI.create("https://huggingface.co"));
        assertThat(s.cacheDir()).isEqualTo(home.resolve(".cache/huggingface/hub"));
        assertThat(s.token()).isNull();
        assertThat(s.offline()).isFalse();
    }

    @Test
    void hfHubCacheBeatsHfHomeWhichBeatsXdgCacheHome() {
        assertThat(HubSettings.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x"), home).cacheDir())
                .isEqualTo(Path.of("/x/huggingface/hub"));
        assertThat(HubSettings.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x", "HF_HOME", "/h"), home).cacheDir())
                .isEqualTo(Path.of("/h/hub"));
        assertThat(HubSettings.fromEnvironment(Map.of("HF_HOME", "/h", "HF_HUB_CACHE", "/c"), home).cacheDir())
                .isEqualTo(Path.of("/c"));
        assertThat(HubSettings.fromEnvironment(Map.of("HUGGINGFACE_HUB_CACHE", "/legacy"), home).cacheDir())
                .isEqualTo(Path.of("/legacy"));
    }

    @Test
    void theTokenComesFromHfTokenThenHfTokenPathThenTheLoginFile() throws Exception {
        Path login = home.resolve(".cache/huggingface/token");
        Files.createDirectories(login.getParent());
        Files.writeString(login, "hf_from_login\n");
        Path custom = home.resolve("my-token");
        Files.writeString(custom, "  hf_from_path  ");

        assertThat(HubSettings.fromEnvironment(Map.of(), home).token()).isEqualTo("hf_from_login");
        assertThat(HubSettings.fromEnvironment(Map.of("HF_TOKEN_PATH", custom.toString()), home).token())
                .isEqualTo("hf_from_path");
        assertThat(HubSettings.fromEnvironment(Map.of("HF_TOKEN", "hf_env", "HF_TOKEN_PATH", custom.toString()), home)
                .token()).isEqualTo("hf_env");
        assertThat(HubSettings.fromEnvironment(Map.of("HF_HOME", home.resolve("elsewhere").toString()), home).token())
                .as("the login file lives under HF_HOME").isNull();
        assertThat(HubSettings.fromEnvironment(Map.of("HF_TOKEN", "hf_env"), home).toString()).doesNotContain("hf_env");
    }

    @Test
    void hfEndpointAndHfHubOfflineAreHonoured() {
        HubSettings s = HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", "https://hf-mirror.com/", "HF_HUB_OFFLINE", "1"), home);
        assertThat(s.endpoint()).isEqualTo(URI.create("https://hf-mirror.com"));
        assertThat(s.offline()).isTrue();
        assertThat(HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", "true"), home).offline()).isTrue();
        assertThat(HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", "0"), home).offline()).isFalse();
        assertThat(HubSettings.fromEnvironment(Map.of("TRANSFORMERS_OFFLINE", "1"), home).offline()).isTrue();
    }
}
