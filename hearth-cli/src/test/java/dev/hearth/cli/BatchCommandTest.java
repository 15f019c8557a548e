package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hearth batch ...}: output and exit code of each, against a real control plane and worker process. */
class BatchCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path home;
    static CliServer hearth;

    @BeforeAll
    static void start() {
        hearth = new CliServer(home);
        CliRun created = hearth.hearth("endpoints", "create", "demo", "--repository", hearth.model.toString(),
                "--wait", "--timeout", "90s");
        assertThat(created.code()).as(created.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        hearth.close();
    }

    static String lines(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> """
                {"custom_id": "task-%d", "method": "POST", "url": "/v1/chat/completions", \
                "body": {"model": "demo", "messages": [{"role": "user", "content": "Count to %d."}], "max_tokens": 3}}"""
                .formatted(i, i)).collect(Collectors.joining("\n", "", "\n"));
    }

    /** The batch id a summary line starts with: {@code batch_abc: completed 4/4 ...}. */
    static String idOf(CliRun r) {
        return r.out().strip().lines().reduce((a, b) -> b).orElseThrow().split(":")[0];
    }

    @Test
    void submitWaitFollowsTheBatchToCompletedAndResultsPrintsEveryAnsweredLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("tasks.jsonl"), lines(4));
        CliRun submitted = hearth.hearth("batch", "submit", file.toString(), "--wait", "--every", "200ms",
                "--timeout", "120s", "--metadata", "team=cli");
        assertThat(submitted.code()).as(submitted.toString()).isZero();
        String id = idOf(submitted);
        assertThat(submitted.out()).matches("(?s)batch\\S*: completed 4/4 output \\S+\\n");
        // Not a terminal: a plain line per change, ending with the completed one.
        assertThat(submitted.err()).contains(id + ": submitted tasks.jsonl (file")
                .contains(id + ": completed 4/4").doesNotContain("\r").doesNotContain("hearth:");

        CliRun results = hearth.hearth("batch", "results", id);
        assertThat(results.code()).as(results.toString()).isZero();
        List<JsonNode> answered = results.out().lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
        assertThat(answered).extracting(l -> l.path("custom_id").asText())
                .containsExactlyInAnyOrder("task-1", "task-2", "task-3", "task-4");
        assertThat(answered).allSatisfy(l -> assertThat(l.path("response").path("status_code").asInt()).isEqualTo(200));

        Path saved = dir.resolve("out.jsonl");
        CliRun toFile = hearth.hearth("batch", "results", id, "-o", saved.toString());
        assertThat(toFile.code()).as(toFile.toString()).isZero();
        assertThat(Files.readString(saved)).isEqualTo(results.out());
        assertThat(toFile.err()).contains("4 lines");

        CliRun noErrors = hearth.hearth("batch", "results", id, "--errors");
        assertThat(noErrors.code()).as(noErrors.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(noErrors.err()).contains("has no error file");

        CliRun status = hearth.hearth("batch", "status", id);
        assertThat(status.code()).as(status.toString()).isZero();
        assertThat(status.out()).containsPattern("(?m)^status:\\s+completed$")
                .containsPattern("(?m)^requests:\\s+4 \\(4 completed, 0 failed\\)$").contains("team=cli");
        CliRun json = hearth.hearth("batch", "status", id, "--json");
        assertThat(JSON.readTree(json.out()).path("request_counts").path("completed").asInt()).isEqualTo(4);

        CliRun lateCancel = hearth.hearth("batch", "cancel", id);
        assertThat(lateCancel.code()).as(lateCancel.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(lateCancel.err()).startsWith("hearth: ").contains("Cannot cancel a batch with status 'completed'");

        CliRun list = hearth.hearth("batch", "list");
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).startsWith("ID").containsPattern("(?m)^" + id + "\\s+completed\\s+4/4\\s+0\\s+/v1/chat/completions");
    }

    @Test
    void aMalformedFileFailsTheBatchAndNamesTheLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.jsonl"), lines(1) + "{\"custom_id\": \"x\", oops\n");
        CliRun submitted = hearth.hearth("batch", "submit", file.toString(), "--wait", "--every", "200ms", "--timeout", "60s");
        assertThat(submitted.code()).as(submitted.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(submitted.out()).contains(": failed");
        assertThat(submitted.err()).containsPattern("(?m)^hearth: line 2: ");

        CliRun noResults = hearth.hearth("batch", "results", idOf(submitted));
        assertThat(noResults.code()).as(noResults.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(noResults.err()).contains("is failed and has no output file");
    }

    @Test
    void unknownBatchesAndMissingFilesExitOneWithAClearLine() {
        CliRun unknown = hearth.hearth("batch", "status", "batch_nobody");
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).startsWith("hearth: ").contains("batch_nobody");

        CliRun namespaced = hearth.hearth("batch", "list", "-n", "elsewhere");
        assertThat(namespaced.code()).as(namespaced.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(namespaced.err()).contains("batches belong to the token's namespace");

        CliRun missing = hearth.hearth("batch", "submit", home.resolve("nope.jsonl").toString());
        assertThat(missing.code()).as(missing.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).isEqualTo("hearth: cannot read " + home.resolve("nope.jsonl") + ": no such file\n");
    }

    @Test
    void theProgressBarFillsWithTheAnsweredRequestsAndNamesTheFailedOnes() throws Exception {
        var batch = dev.hearth.client.Batch.parse(JSON.readTree("""
                {"id": "batch_1", "object": "batch", "status": "in_progress",
                 "request_counts": {"total": 4, "completed": 1, "failed": 1}}"""));
        assertThat(BatchProgress.Bar.line(batch))
                .isEqualTo("[" + "#".repeat(15) + " ".repeat(15) + "]  50% 2/4 in_progress (1 failed)");
        var sw = new java.io.StringWriter();
        BatchProgress bar = BatchProgress.forStderr(new java.io.PrintWriter(sw), true);
        bar.progress(batch);
        bar.finish();
        assertThat(sw.toString()).startsWith("\r[").endsWith("\u001b[K" + System.lineSeparator());
    }
}
