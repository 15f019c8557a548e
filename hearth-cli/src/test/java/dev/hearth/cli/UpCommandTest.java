package dev.hearth.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code hearth up} and {@code hearth tokens}: the first start prints an admin token once; tokens grant namespaces. */
class UpCommandTest {

    static int status(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return WorkerProcessTest.HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void upPrintsAnAdminTokenOnFirstStartOnlyAndTokensCreateGrantsANamespace(@TempDir Path home) throws Exception {
        int port = WorkerProcessTest.freePort();
        String base = "http://127.0.0.1:" + port;
        Path log = home.resolve("up.log");
        Process up = WorkerProcessTest.hearth(log, "up", "--port", Integer.toString(port), "--home", home.toString());
        String token;
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreException(ConnectException.class)
                    .until(() -> status(base + "/health", null) == 200);
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("admin token:"));
            Matcher m = Pattern.compile("admin token:\\s+(hearth_\\w+)").matcher(Files.readString(log));
            assertThat(m.find()).isTrue();
            token = m.group(1);
            assertThat(Files.readString(log)).contains("Hearth is up: http://localhost:" + port, "demo model:",
                    "dashboard:    http://localhost:" + port + "/");
            assertThat(Files.exists(home.resolve("models").resolve(DemoModel.FILE))).isTrue();
            assertThat(status(base + "/v2/endpoint/hearth", token)).isEqualTo(200);
            assertThat(status(base + "/v2/endpoint/hearth", "nope")).isEqualTo(401);
        } finally {
            up.destroy();
            up.waitFor(20, TimeUnit.SECONDS);
        }

        Path tokenLog = home.resolve("token.log");
        Process create = WorkerProcessTest.hearth(tokenLog, "tokens", "create", "--namespace", "bob", "--home", home.toString());
        assertThat(create.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(create.exitValue()).isZero();
        String bob = Files.readString(tokenLog).lines().filter(l -> l.startsWith("hearth_")).findFirst().orElseThrow();

        Path again = home.resolve("up-again.log");
        Process second = WorkerProcessTest.hearth(again, "up", "--port", Integer.toString(port), "--home", home.toString());
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreException(ConnectException.class)
                    .until(() -> status(base + "/health", null) == 200);
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(again).contains("admin token:"));
            assertThat(Files.readString(again)).doesNotContain(token).doesNotContain("shown once");
            assertThat(status(base + "/v2/endpoint/hearth", token)).as("the first token still works").isEqualTo(200);
            assertThat(status(base + "/v2/endpoint/bob", bob)).isEqualTo(200);
            assertThat(status(base + "/v2/endpoint/hearth", bob)).isEqualTo(403);
        } finally {
            second.destroy();
            second.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
