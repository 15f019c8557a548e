package dev.hearth.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link BatchFiles} and {@link Batches} against a real control plane whose batch runner sends each line to a real
 * worker process: upload, create, wait, read the results, cancel, and the typed errors.
 */
class BatchesSdkTest {

    @TempDir static Path home;
    static TestHearth hearth;
    static InferenceEndpoints api;

    @BeforeAll
    static void start() {
        hearth = TestHearth.start(home, "batchsdk");
        api = hearth.api();
        hearth.running("batchy", 1, 1);
    }

    @AfterAll
    static void stop() {
        if (hearth != null) hearth.close();
    }

    /** {@code n} chat requests for {@code model}, custom ids {@code req-1..n}, one JSON object a line. */
    static String chatLines(String model, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> """
                {"custom_id": "req-%d", "method": "POST", "url": "/v1/chat/completions", \
                "body": {"model": "%s", "messages": [{"role": "user", "content": "Say %d."}], "max_tokens": 3}}"""
                .formatted(i, model, i)).collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void aBatchRunsEveryLineOnceAndItsResultsAnswerEveryCustomId(@TempDir Path dir) throws Exception {
        String jsonl = chatLines("batchy", 5);
        Path file = Files.writeString(dir.resolve("jobs.jsonl"), jsonl);
        FileObject in = api.files().upload(file);
        assertThat(in.id()).isNotBlank();
        assertThat(in.filename()).isEqualTo("jobs.jsonl");
        assertThat(in.purpose()).isEqualTo("batch");
        assertThat(in.bytes()).isEqualTo(jsonl.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(in.createdAt()).isNotNull();
        assertThat(api.files().get(in.id()).bytes()).isEqualTo(in.bytes());
        assertThat(api.files().content(in.id())).as("the multipart upload arrives byte for byte").isEqualTo(jsonl);
        assertThat(api.files().list()).extracting(FileObject::id).contains(in.id());

        Batch created = api.batches().create(in.id(), "/v1/chat/completions", "24h", Map.of("purpose", "sdk-test"));
        assertThat(created.inputFileId()).isEqualTo(in.id());
        assertThat(created.endpoint()).isEqualTo("/v1/chat/completions");
        assertThat(created.completionWindow()).isEqualTo("24h");
        assertThat(created.metadata()).containsEntry("purpose", "sdk-test");
        assertThat(created.status().terminal()).isFalse();

        List<Batch> seen = new ArrayList<>();
        Batch done = api.batches().waitFor(created.id(), Duration.ofSeconds(120), Duration.ofMillis(200), seen::add);
        assertThat(done.status()).as("%s", done.raw()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(done.requestCounts()).isEqualTo(new RequestCounts(5, 5, 0));
        assertThat(done.completedAt()).isNotNull();
        assertThat(done.outputFileId()).isNotNull();
        assertThat(done.errors()).isEmpty();
        assertThat(seen).as("the listener saw the start and the end").isNotEmpty();
        assertThat(seen.getLast().status()).isEqualTo(BatchStatus.COMPLETED);
        for (int i = 1; i < seen.size(); i++) {
            Batch before = seen.get(i - 1), now = seen.get(i);
            assertThat(now.status() != before.status() || !now.requestCounts().equals(before.requestCounts()))
                    .as("the listener is called on changes only: %s then %s", before.progress(), now.progress()).isTrue();
        }

        List<BatchResult> results = api.batches().results(done);
        assertThat(results).extracting(BatchResult::customId)
                .containsExactlyInAnyOrder("req-1", "req-2", "req-3", "req-4", "req-5");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.succeeded()).as("%s", r).isTrue();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.text()).isNotNull();
            assertThat(r.body().path("object").asText()).isEqualTo("chat.completion");
        });
        assertThat(api.files().get(done.outputFileId()).purpose()).isEqualTo("batch_output");
        assertThat(api.batches().get(done.id()).status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(api.batches().list()).extracting(Batch::id).contains(done.id());
        assertThatThrownBy(() -> api.batches().cancel(done.id())).as("a completed batch cannot be cancelled")
                .isInstanceOf(ConflictException.class).hasMessageContaining("completed");
        BadRequestException outputAsInput = catchThrowableOfType(BadRequestException.class,
                () -> api.batches().create(done.outputFileId(), "/v1/chat/completions"));
        assertThat(outputAsInput.status()).isEqualTo(400);
        assertThat(outputAsInput.serverMessage()).contains("batch_output");
    }

    @Test
    void theHandWrittenMultipartCarriesCrlfNonAsciiAndDashesByteForByte() {
        // CRLF line ends, a prompt that looks like a multipart delimiter, and UTF-8 beyond ASCII.
        String jsonl = chatLines("batchy", 2).replace("Say 1.", "--hearth-\\r\\n-- Smørrebrød, 寿司").replace("\n", "\r\n");
        FileObject in = api.files().upload("crlf \"quoted\".jsonl", jsonl);
        assertThat(in.bytes()).isEqualTo(jsonl.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(api.files().content(in.id())).isEqualTo(jsonl);
        assertThat(in.filename()).as("a quote cannot end the header value").isEqualTo("crlf %22quoted%22.jsonl");
        assertThat(api.files().delete(in.id())).isTrue();
    }

    @Test
    void aCancelledBatchEndsCancelledAndItsPausedEndpointStaysPaused() {
        hearth.running("sleepy", 1, 1).pause();
        FileObject in = api.files().upload("sleepy.jsonl", chatLines("sleepy", 30));
        Batch b = api.batches().create(in.id(), "/v1/chat/completions");
        // The runner must first resume the paused endpoint, so the batch cannot have ended yet.
        BatchTimeoutException late = catchThrowableOfType(BatchTimeoutException.class,
                () -> api.batches().waitFor(b.id(), Duration.ZERO));
        assertThat(late.last().status().terminal()).isFalse();
        assertThat(late.getMessage()).contains(b.id(), "goes on on the server");

        Batch cancelling = api.batches().cancel(b.id());
        assertThat(cancelling.status()).isIn(BatchStatus.CANCELLING, BatchStatus.CANCELLED);
        Batch ended = api.batches().waitFor(b.id(), Duration.ofSeconds(90), Duration.ofMillis(200), x -> { });
        assertThat(ended.status()).isEqualTo(BatchStatus.CANCELLED);
        assertThat(ended.cancelledAt()).isNotNull();
        assertThat(ended.requestCounts().done()).isLessThan(30);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("sleepy").status() == EndpointStatus.PAUSED);
    }

    @Test
    void aMalformedFileFailsTheBatchWithTheLineOfEachError() {
        String bad = chatLines("batchy", 2) + "this is not json\n"
                + "{\"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {\"model\": \"batchy\"}}\n";
        FileObject in = api.files().upload("bad.jsonl", bad);
        Batch ended = api.batches().waitFor(api.batches().create(in.id(), "/v1/chat/completions").id(),
                Duration.ofSeconds(60));
        assertThat(ended.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(ended.errors()).extracting(BatchError::line).contains(3, 4);
        assertThat(ended.errors()).filteredOn(e -> Integer.valueOf(4).equals(e.line()))
                .allSatisfy(e -> assertThat(e.toString()).startsWith("line 4: ").contains("custom_id"));
        assertThat(api.batches().results(ended)).as("nothing ran").isEmpty();
    }

    @Test
    void listFollowsTheServersPagesToTheEnd() {
        // More batches than one page holds (the server's default page is 20); a refused file runs nothing.
        FileObject in = api.files().upload("refused.jsonl", "not json\n");
        List<String> ids = IntStream.range(0, 23)
                .mapToObj(i -> api.batches().create(in.id(), "/v1/chat/completions").id()).toList();
        List<String> listed = api.batches().list().stream().map(Batch::id).toList();
        assertThat(listed).containsAll(ids).doesNotHaveDuplicates();
    }

    @Test
    void unknownIdsAreNotFoundAndRefusedRequestsAreBadRequests() {
        assertThatThrownBy(() -> api.batches().get("batch_nobody")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> api.batches().cancel("batch_nobody")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> api.files().get("file-nobody")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> api.files().content("file-nobody")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> api.files().delete("file-nobody")).isInstanceOf(NotFoundException.class);

        BadRequestException purpose = catchThrowableOfType(BadRequestException.class,
                () -> api.files().upload("tune.jsonl", chatLines("batchy", 1).getBytes(), "fine-tune"));
        assertThat(purpose.serverMessage()).contains("purpose 'batch' only");

        FileObject in = api.files().upload("ok.jsonl", chatLines("batchy", 1));
        BadRequestException endpoint = catchThrowableOfType(BadRequestException.class,
                () -> api.batches().create(in.id(), "/v1/images/generations"));
        assertThat(endpoint.serverMessage()).contains("/v1/images/generations");
        assertThatThrownBy(() -> api.batches().create(in.id(), "/v1/chat/completions", "forever", Map.of()))
                .isInstanceOf(BadRequestException.class);

        assertThat(api.files().delete(in.id())).isTrue();
        assertThatThrownBy(() -> api.files().get(in.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> api.batches().create(in.id(), "/v1/chat/completions"))
                .isInstanceOf(HearthHttpException.class)
                .satisfies(e -> assertThat(((HearthHttpException) e).status()).isIn(400, 404));
    }
}
