package dev.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the SDK sends and how it is configured, without a server. */
class RequestShapesTest {

    @Test
    void aCreateRequestHasTheShapeHuggingfaceHubSends() {
        JsonNode p = CreateEndpointRequest.builder("demo", "/models/tiny.gguf").minReplica(0).maxReplica(2)
                .scaleToZeroTimeout(15).env(Map.of("A", "1")).build().payload();
        assertThat(p.path("name").asText()).isEqualTo("demo");
        assertThat(p.path("type").asText()).isEqualTo("protected");
        assertThat(p.has("accountId")).isTrue();
        assertThat(p.path("provider").path("vendor").asText()).isEqualTo("hearth");
        assertThat(p.path("compute").path("scaling").path("scaleToZeroTimeout").asInt()).isEqualTo(15);
        assertThat(p.path("model").path("revision").isNull()).isTrue();
        assertThat(p.path("model").path("image").has("huggingface")).isTrue();
        assertThat(p.path("model").path("env").path("A").asText()).isEqualTo("1");
        assertThat(p.path("model").has("secrets")).isFalse();
    }

    @Test
    void aCustomImageWithAUrlIsWrappedAndAVariantIsSentAsItIs() {
        JsonNode custom = CreateEndpointRequest.builder("c", "r").customImage("serve.sh", "/health", Map.of()).build().payload();
        assertThat(custom.path("model").path("image").path("custom").path("url").asText()).isEqualTo("serve.sh");
        JsonNode tgi = EndpointUpdate.builder().customImage(Map.of("tgi", Map.of())).build().payload();
        assertThat(tgi.toString()).isEqualTo("{\"model\":{\"image\":{\"tgi\":{}}}}");
        assertThatThrownBy(() -> EndpointUpdate.builder().customImage(Map.of("a", 1, "b", 2)).build().payload())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUpdateSendsOnlyWhatIsSet() {
        assertThat(EndpointUpdate.builder().minReplica(2).maxReplica(6).build().payload().toString())
                .isEqualTo("{\"compute\":{\"scaling\":{\"maxReplica\":6,\"minReplica\":2}}}");
        assertThat(EndpointUpdate.builder().build().isEmpty()).isTrue();
    }

    @Test
    void scalingWindowsGoUnderComputeScalingAndAreReadBackFromAView() throws Exception {
        List<ScalingWindow> office = List.of(ScalingWindow.parse("0 8 * * MON-FRI=1"), new ScalingWindow("0 19 * * MON-FRI", 0));
        JsonNode p = CreateEndpointRequest.builder("office", "r").minReplica(0).schedule(office)
                .timezone("Europe/Copenhagen").build().payload();
        assertThat(p.path("compute").path("scaling").path("schedule").toString())
                .isEqualTo("[{\"cron\":\"0 8 * * MON-FRI\",\"minReplica\":1},{\"cron\":\"0 19 * * MON-FRI\",\"minReplica\":0}]");
        assertThat(p.path("compute").path("scaling").path("timezone").asText()).isEqualTo("Europe/Copenhagen");
        // Without windows the create is exactly huggingface_hub's.
        assertThat(CreateEndpointRequest.builder("plain", "r").build().payload().path("compute").path("scaling").has("schedule")).isFalse();

        assertThat(EndpointUpdate.builder().schedule(List.of()).build().payload().toString())
                .isEqualTo("{\"compute\":{\"scaling\":{\"schedule\":[]}}}");
        assertThat(EndpointUpdate.builder().minReplica(1).build().payload().path("compute").path("scaling").has("schedule")).isFalse();

        JsonNode view = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"name":"office","model":{"repository":"r"},"status":{"state":"scaledToZero"},
                 "compute":{"scaling":{"minReplica":0,"maxReplica":1,"timezone":"Europe/Copenhagen",
                                       "schedule":[{"cron":"0 8 * * MON-FRI","minReplica":1}]}}}""");
        EndpointInfo.Compute compute = EndpointInfo.parse(view, "alice").compute();
        assertThat(compute.schedule()).containsExactly(new ScalingWindow("0 8 * * MON-FRI", 1));
        assertThat(compute.timezone()).isEqualTo("Europe/Copenhagen");

        assertThatThrownBy(() -> ScalingWindow.parse("0 8 * * MON-FRI")).hasMessageContaining("CRON=MIN_REPLICA");
        assertThatThrownBy(() -> ScalingWindow.parse("0 8 * * *=one")).hasMessageContaining("whole number");
    }

    @Test
    void configurationPrefersArgumentsThenHearthVariablesThenHuggingFaceOnes(@TempDir Path hfHome) throws Exception {
        Map<String, String> env = Map.of("HEARTH_URL", "http://h:1/", "HEARTH_TOKEN", "ht", "HF_TOKEN", "hf",
                "HF_HOME", hfHome.toString());
        assertThat(HearthConfig.resolve(null, null, env).baseUrl().toString()).isEqualTo("http://h:1");
        assertThat(HearthConfig.resolve(null, null, env).token()).contains("ht");
        assertThat(HearthConfig.resolve("http://x:2", "arg", env).token()).contains("arg");
        assertThat(HearthConfig.resolve(null, null, Map.of("HF_TOKEN", "hf")).token()).contains("hf");
        assertThat(HearthConfig.resolve(null, null, Map.of("HF_HOME", hfHome.toString())).token()).isEmpty();
        Files.writeString(hfHome.resolve("token"), "from-file\n");
        HearthConfig fromFile = HearthConfig.resolve(null, null, Map.of("HF_HOME", hfHome.toString()));
        assertThat(fromFile.token()).contains("from-file");
        assertThat(fromFile.baseUrl().toString()).isEqualTo("http://localhost:8080");
        assertThat(fromFile.toString()).doesNotContain("from-file");
        assertThatThrownBy(() -> HearthConfig.resolve("localhost:8080", null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
