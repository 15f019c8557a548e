package dev.hearth.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code hearth fake-hub} serves local files as a repository that {@code hearth download} (or huggingface_hub) fetches. */
class FakeHubCommandTest {

    @Test
    void filesServedByFakeHubDownloadIntoTheCacheWithHearthDownload(@TempDir Path dir) throws Exception {
        Path weights = Files.write(dir.resolve("tiny-q8_0.gguf"), new byte[]{'G', 'G', 'U', 'F', 3, 0, 0, 0, 42});
        Path readme = Files.writeString(dir.resolve("README.md"), "# demo");
        int port = WorkerProcessTest.freePort();
        StringWriter hubOut = new StringWriter();
        CommandLine hubCli = new CommandLine(new HearthCommand()).setOut(new PrintWriter(hubOut, true));
        Thread hub = Thread.ofVirtual().start(() -> hubCli.execute("fake-hub", "--repo", "acme/demo",
                "--file", weights.toString(), "--file", readme.toString(), "--port", Integer.toString(port)));
        try {
            String endpoint = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> http.send(
                    HttpRequest.newBuilder(URI.create(endpoint + "/api/models/acme/demo/revision/main")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

            StringWriter out = new StringWriter(), err = new StringWriter();
            CommandLine cli = new CommandLine(new HearthCommand());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            DownloadCommand download = cli.getSubcommands().get("download").getCommand();
            download.env = Map.of("HF_ENDPOINT", endpoint, "HF_HOME", dir.resolve("hf").toString());
            int code = cli.execute("download", "acme/demo");

            assertThat(code).as(err.toString()).isZero();
            Path snapshot = Path.of(out.toString().strip());
            assertThat(snapshot).startsWith(dir.resolve("hf/hub/models--acme--demo/snapshots"));
            assertThat(Files.readAllBytes(snapshot.resolve("tiny-q8_0.gguf"))).isEqualTo(Files.readAllBytes(weights));
            assertThat(Files.readString(snapshot.resolve("README.md"), StandardCharsets.UTF_8)).isEqualTo("# demo");
        } finally {
            hub.interrupt();
            hub.join(Duration.ofSeconds(10));
        }
        assertThat(hub.isAlive()).as("interrupting fake-hub stops it").isFalse();
    }
}
