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

    // One variable at a time, then the pairs whose order matters.

    private HubSettings with(String... keysAndValues) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) env.put(keysAndValues[i], keysAndValues[i + 1]);
        return HubSettings.fromEnvironment(env, home);
    }

    @Test
    void hfHomeAloneHoldsTheCacheAndTheTokenFile() throws Exception {
        Path hf = home.resolve("hf");
        Files.createDirectories(hf);
        Files.writeString(hf.resolve("token"), "hf_in_hf_home");
        HubSettings s = with("HF_HOME", hf.toString());
        assertThat(s.cacheDir()).isEqualTo(hf.resolve("hub"));
        assertThat(s.token()).isEqualTo("hf_in_hf_home");
    }

    @Test
    void hfHubCacheAloneIsTheCacheButNotWhereTheTokenLives() throws Exception {
        Path login = home.resolve(".cache/huggingface/token");
        Files.createDirectories(login.getParent());
        Files.writeString(login, "hf_default_login");
        HubSettings s = with("HF_HUB_CACHE", "/c");
        assertThat(s.cacheDir()).isEqualTo(Path.of("/c"));
        assertThat(s.token()).isEqualTo("hf_default_login");
    }

    @Test
    void huggingfaceHubCacheAloneIsTheCache() {
        assertThat(with("HUGGINGFACE_HUB_CACHE", "/legacy").cacheDir()).isEqualTo(Path.of("/legacy"));
    }

    @Test
    void xdgCacheHomeAloneMovesHfHomeAndSoTheCacheAndTheTokenFile() throws Exception {
        Path xdg = home.resolve("xdg");
        Files.createDirectories(xdg.resolve("huggingface"));
        Files.writeString(xdg.resolve("huggingface/token"), "hf_in_xdg");
        HubSettings s = with("XDG_CACHE_HOME", xdg.toString());
        assertThat(s.cacheDir()).isEqualTo(xdg.resolve("huggingface/hub"));
        assertThat(s.token()).isEqualTo("hf_in_xdg");
    }

    @Test
    void hfHubOfflineAcceptsHuggingfaceHubsTruthyValuesInAnyCase() {
        for (String yes : new String[]{"1", "ON", "on", "YES", "yes", "TRUE", "true", "True"}) {
            assertThat(with("HF_HUB_OFFLINE", yes).offline()).as(yes).isTrue();
        }
        for (String no : new String[]{"0", "off", "no", "false", "", "2", "y"}) {
            assertThat(with("HF_HUB_OFFLINE", no).offline()).as("\"" + no + "\"").isFalse();
        }
    }

    @Test
    void transformersOfflineAloneMeansOfflineToo() {
        assertThat(with("TRANSFORMERS_OFFLINE", "1").offline()).isTrue();
        assertThat(with("TRANSFORMERS_OFFLINE", "yes").offline()).isTrue();
        assertThat(with("TRANSFORMERS_OFFLINE", "0").offline()).isFalse();
    }

    @Test
    void hfEndpointAloneIsTheHubWithoutItsTrailingSlash() {
        assertThat(with("HF_ENDPOINT", "http://127.0.0.1:9090/").endpoint()).isEqualTo(URI.create("http://127.0.0.1:9090"));
    }

    @Test
    void hfTokenAloneIsTheToken() {
        assertThat(with("HF_TOKEN", " hf_env ").token()).isEqualTo("hf_env");
    }

    @Test
    void hfTokenPathAloneIsTheTokenFile() throws Exception {
        Path file = home.resolve("elsewhere/token");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "hf_from_path\n");
        assertThat(with("HF_TOKEN_PATH", file.toString()).token()).isEqualTo("hf_from_path");
        assertThat(with("HF_TOKEN_PATH", home.resolve("missing").toString()).token()).isNull();
    }

    @Test
    void hfHubCacheBeatsHuggingfaceHubCache() {
        assertThat(with("HF_HUB_CACHE", "/new", "HUGGINGFACE_HUB_CACHE", "/legacy").cacheDir()).isEqualTo(Path.of("/new"));
    }

    @Test
    void huggingfaceHubCacheBeatsHfHomeAndXdgCacheHome() {
        assertThat(with("HUGGINGFACE_HUB_CACHE", "/legacy", "HF_HOME", "/h", "XDG_CACHE_HOME", "/x").cacheDir())
                .isEqualTo(Path.of("/legacy"));
    }

    @Test
    void hfHubOfflineBeatsTransformersOfflineEvenWhenItSaysNo() {
        assertThat(with("HF_HUB_OFFLINE", "0", "TRANSFORMERS_OFFLINE", "1").offline()).isFalse();
        assertThat(with("HF_HUB_OFFLINE", "1", "TRANSFORMERS_OFFLINE", "0").offline()).isTrue();
        assertThat(with("HF_HUB_OFFLINE", "", "TRANSFORMERS_OFFLINE", "1").offline())
                .as("an empty HF_HUB_OFFLINE is unset").isTrue();
    }

    @Test
    void aLeadingTildeIsTheHomeFolder() {
        assertThat(with("HF_HOME", "~/hf").cacheDir()).isEqualTo(home.resolve("hf/hub"));
        assertThat(with("HF_HUB_CACHE", "~/c").cacheDir()).isEqualTo(home.resolve("c"));
        assertThat(with("XDG_CACHE_HOME", "~/x").cacheDir()).isEqualTo(home.resolve("x/huggingface/hub"));
    }

    @Test
    void blankValuesCountAsUnset() {
        assertThat(with("HF_HOME", " ", "HF_HUB_CACHE", "", "XDG_CACHE_HOME", "  ", "HF_ENDPOINT", "").cacheDir())
                .isEqualTo(home.resolve(".cache/huggingface/hub"));
        assertThat(with("HF_ENDPOINT", " ").endpoint()).isEqualTo(URI.create(HubSettings.DEFAULT_ENDPOINT));
    }
}
