package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hearth endpoints|generate|chat}: output and exit code of each, against a real control plane. */
class ClientCommandsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path home;
    static CliServer hearth;

    @BeforeAll
    static void start() {
        hearth = new CliServer(home);
    }

    @AfterAll
    static void stop() {
        hearth.close();
    }

    static JsonNode json(CliRun r) throws Exception {
        assertThat(r.code()).as(r.toString()).isZero();
        return JSON.readTree(r.out());
    }

    static CliRun ok(CliRun r) {
        assertThat(r.code()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void theEndpointsCommandsDriveAnEndpointsWholeLifecycle() throws Exception {
        CliRun created = ok(hearth.hearth("endpoints", "create", "demo", "--repository", hearth.model.toString(),
                "--env", "RELEASE=1", "--wait", "--timeout", "90s"));
        assertThat(created.out()).isEqualTo("demo: running " + hearth.url() + "/endpoints/cli/demo\n");

        String table = ok(hearth.hearth("endpoints", "list")).out();
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("NAME").contains("STATE", "REPLICAS", "MODEL", "URL");
        assertThat(table).containsPattern("(?m)^demo\\s+running\\s+1/1\\s+" + java.util.regex.Pattern.quote(hearth.model.toString()));
        assertThat(ok(hearth.hearth("endpoints", "list", "--all")).out()).startsWith("NAMESPACE").contains("cli ");
        assertThat(json(hearth.hearth("endpoints", "list", "--json")).findValuesAsText("name")).contains("demo");

        assertThat(ok(hearth.hearth("endpoints", "describe", "demo")).out())
                .containsPattern("(?m)^state:\\s+running$").containsPattern("(?m)^replicas:\\s+1 ready of 1");
        JsonNode described = json(hearth.hearth("endpoints", "describe", "demo", "--json"));
        assertThat(described.path("model").path("env").path("RELEASE").asText()).isEqualTo("1");

        // generate: streamed text, the complete answer as JSON, a TGI URL directly
        CliRun generated = ok(hearth.hearth("generate", "-e", "demo", "-p", "the cat", "--max-new-tokens", "5"));
        assertThat(generated.out()).endsWith("\n").isNotBlank();
        JsonNode answer = json(hearth.hearth("generate", "-e", "demo", "-p", "the cat", "--max-new-tokens", "3", "--json"));
        assertThat(answer.path("details").path("generated_tokens").asInt()).isBetween(1, 3);
        assertThat(answer.has("generated_text")).isTrue();
        ok(hearth.hearth("generate", "-e", hearth.url() + "/endpoints/cli/demo", "--max-new-tokens", "2", "--no-stream", "-p", "hi"));
        CliRun piped = hearth.hearthWithInput("a prompt from stdin", "generate", "-e", "demo", "--max-new-tokens", "2");
        ok(piped);
        CliRun invalid = hearth.hearth("generate", "-e", "demo", "-p", "hi", "--temperature", "0");
        assertThat(invalid.code()).as(invalid.toString()).isEqualTo(1);
        assertThat(invalid.err()).startsWith("hearth: ").contains("temperature");

        // chat: one-shot, JSON, and the interactive loop keeping history
        assertThat(ok(hearth.hearth("chat", "-e", "demo", "-m", "Hi!", "--max-tokens", "3")).out()).endsWith("\n");
        JsonNode chat = json(hearth.hearth("chat", "-e", "demo", "-m", "Hi!", "--max-tokens", "3", "--json"));
        assertThat(chat.path("object").asText()).isEqualTo("chat.completion");
        long before = gatewayRequests("demo");
        CliRun loop = hearth.hearthWithInput("Hello\n\nAnd then?\n/reset\nAgain\n/exit\nnever sent\n",
                "chat", "-e", "demo", "--system", "Be brief.", "--max-tokens", "3");
        assertThat(ok(loop).out()).isNotBlank();
        // Three turns were sent: blank lines and commands are not, and nothing after /exit is.
        assertThat(gatewayRequests("demo") - before).isEqualTo(3);

        // logs, update
        assertThat(ok(hearth.hearth("endpoints", "logs", "demo", "--tail", "20")).out()).isNotEmpty();
        assertThat(json(hearth.hearth("endpoints", "update", "demo", "--max-replica", "2", "--json"))
                .path("compute").path("scaling").path("maxReplica").asInt()).isEqualTo(2);
        CliRun nothing = hearth.hearth("endpoints", "update", "demo");
        assertThat(nothing.code()).isEqualTo(1);
        assertThat(nothing.err()).contains("nothing to update");

        // pause: generate has nowhere to go; resume, wait, and resume again
        assertThat(ok(hearth.hearth("endpoints", "pause", "demo")).out()).isEqualTo("demo: paused\n");
        CliRun toPaused = hearth.hearth("generate", "-e", "demo", "-p", "hi");
        assertThat(toPaused.code()).isEqualTo(1);
        assertThat(toPaused.err()).contains("paused", "hearth endpoints resume demo");
        ok(hearth.hearth("endpoints", "resume", "demo"));
        assertThat(ok(hearth.hearth("endpoints", "wait", "demo", "--timeout", "90s", "--every", "100ms")).out())
                .startsWith("demo: running");
        ok(hearth.hearth("endpoints", "resume", "demo"));
        assertThat(hearth.hearth("endpoints", "resume", "demo", "--fail-if-running").code()).isEqualTo(1);

        assertThat(ok(hearth.hearth("endpoints", "scale-to-zero", "demo")).out()).startsWith("demo: scaledToZero http");

        // delete: refused without confirmation when not interactive, then done; afterwards it is not found
        CliRun unconfirmed = hearth.hearth("endpoints", "delete", "demo");
        assertThat(unconfirmed.code()).isEqualTo(1);
        assertThat(unconfirmed.err()).contains("--yes");
        assertThat(ok(hearth.hearth("endpoints", "delete", "demo", "--yes")).out()).isEqualTo("demo: deleted\n");
        CliRun gone = hearth.hearth("endpoints", "describe", "demo");
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).startsWith("hearth: HTTP 404");
    }

    /** Requests the gateway relayed to an endpoint, from its Prometheus text. */
    static long gatewayRequests(String name) throws Exception {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hearth.url() + "/metrics"))
                            .header("Authorization", "Bearer " + CliServer.ADMIN).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            var m = java.util.regex.Pattern.compile("(?m)^hearth_gateway_requests_total\\{[^}]*endpoint=\"cli/" + name
                    + "\"[^}]*} (\\d+)").matcher(metrics);
            long sum = 0;
            while (m.find()) sum += Long.parseLong(m.group(1));
            return sum;
        }
    }

    @Test
    void exitCodesTellUsageServerAndTimeoutFailuresApart() {
        assertThat(CliRun.hearth("endpoints", "create", "x").code()).as("missing --repository").isEqualTo(1);
        assertThat(CliRun.hearth("endpoints", "frobnicate").code()).isEqualTo(1);
        assertThat(CliRun.hearth("generate", "-p", "hi").code()).as("missing --endpoint").isEqualTo(1);
        assertThat(CliRun.hearth("endpoints", "wait", "x", "--timeout", "soon").code()).isEqualTo(1);

        CliRun down = CliRun.hearth("endpoints", "list", "--url", "http://127.0.0.1:1", "--token", "t");
        assertThat(down.code()).isEqualTo(2);
        assertThat(down.err()).contains("connection refused");
        CliRun stranger = CliRun.hearth("endpoints", "list", "--url", hearth.url(), "--token", "wrong");
        assertThat(stranger.code()).isEqualTo(1);
        assertThat(stranger.err()).contains("401");

        // A worker takes longer than this to start: 3.
        ok(hearth.hearth("endpoints", "create", "slow", "-r", hearth.model.toString()));
        CliRun timedOut = hearth.hearth("endpoints", "wait", "slow", "--timeout", "300ms", "--every", "100ms");
        assertThat(timedOut.code()).as(timedOut.toString()).isEqualTo(3);
        assertThat(timedOut.err()).contains("Timeout while waiting for Inference Endpoint to be deployed.");
        ok(hearth.hearth("endpoints", "delete", "slow", "--yes"));

        // A replica that cannot start: the endpoint fails, and waiting says so with 2.
        ok(hearth.hearth("endpoints", "create", "crashy", "-r", "my-org/crashy", "--framework", "custom",
                "--custom-image", "echo no weights >&2; exit 1", "--json"));
        CliRun failed = hearth.hearth("endpoints", "wait", "crashy", "--timeout", "60s", "--every", "100ms");
        assertThat(failed.code()).as(failed.toString()).isEqualTo(2);
        assertThat(failed.err()).contains("crashy failed to deploy");
    }

    @Test
    void schedulesAreSetShownReplacedAndClearedFromTheCommandLine() throws Exception {
        ok(hearth.hearth("endpoints", "create", "office", "-r", "my-org/sleeper", "--framework", "custom",
                "--custom-image", "exec sleep 300", "--min-replica", "0",
                "--schedule", "0 8 * * MON-FRI=1", "--schedule", "0 19 * * MON-FRI=0", "--timezone", "Europe/Copenhagen"));
        assertThat(ok(hearth.hearth("endpoints", "describe", "office")).out())
                .containsPattern("(?m)^schedule:\\s+0 8 \\* \\* MON-FRI=1, 0 19 \\* \\* MON-FRI=0 \\(Europe/Copenhagen\\)$");
        JsonNode scaling = json(hearth.hearth("endpoints", "describe", "office", "--json")).path("compute").path("scaling");
        assertThat(scaling.path("schedule").get(1).path("cron").asText()).isEqualTo("0 19 * * MON-FRI");
        assertThat(scaling.path("schedule").get(1).path("minReplica").asInt()).isZero();

        // An update of something else keeps the schedule; --schedule replaces it; --clear-schedule removes it.
        ok(hearth.hearth("endpoints", "update", "office", "--scale-to-zero-timeout", "5"));
        assertThat(json(hearth.hearth("endpoints", "describe", "office", "--json")).path("compute").path("scaling")
                .path("schedule")).hasSize(2);
        ok(hearth.hearth("endpoints", "update", "office", "--schedule", "30 7 * * *=1", "--timezone", "UTC"));
        assertThat(ok(hearth.hearth("endpoints", "describe", "office")).out()).containsPattern("(?m)^schedule:\\s+30 7 \\* \\* \\*=1 \\(UTC\\)$");

        CliRun badCron = hearth.hearth("endpoints", "update", "office", "--schedule", "at eight=1");
        assertThat(badCron.code()).as(badCron.toString()).isEqualTo(1);
        assertThat(badCron.err()).contains("compute.scaling.schedule[0].cron");
        CliRun noFloor = hearth.hearth("endpoints", "update", "office", "--schedule", "0 8 * * *");
        assertThat(noFloor.code()).as(noFloor.toString()).isEqualTo(1);
        assertThat(noFloor.err()).contains("CRON=MIN_REPLICA");

        ok(hearth.hearth("endpoints", "update", "office", "--clear-schedule"));
        assertThat(ok(hearth.hearth("endpoints", "describe", "office")).out()).doesNotContain("schedule:");
        ok(hearth.hearth("endpoints", "delete", "office", "--yes"));
    }

    @Test
    void theServerAndTokenComeFromHearthUrlAndHearthToken(@TempDir Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HearthCommand.class.getName(), "endpoints", "list", "--json")
                .redirectError(dir.resolve("err").toFile()).redirectOutput(dir.resolve("out").toFile());
        pb.environment().put("HEARTH_URL", hearth.url());
        pb.environment().put("HEARTH_TOKEN", CliServer.ADMIN);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(java.nio.file.Files.readString(dir.resolve("err"))).isZero();
        assertThat(JSON.readTree(dir.resolve("out").toFile()).isArray()).isTrue();
    }

    @Test
    void helpListsTheClientCommands() {
        CliRun help = CliRun.hearth("--help");
        for (String c : List.of("endpoints", "generate", "chat", "embed", "completion")) assertThat(help.out()).contains(c);
        assertThat(ok(CliRun.hearth("endpoints", "--help")).out())
                .contains("create", "list", "describe", "pause", "resume", "scale-to-zero", "update", "delete", "wait", "logs");
    }
}
