package dev.hearth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Commands that need no control plane: the completion script, and embed against a TEI-shaped stub. */
class OfflineCommandsTest {

    @Test
    void completionPrintsPicocliBashScriptForEveryCommand() {
        CliRun r = CliRun.hearth("completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("complete -F", "endpoints", "scale-to-zero", "generate", "--max-new-tokens");
    }

    @Test
    void embedPrintsASummaryPerTextOrTheVectorsAsJson() throws Exception {
        HttpServer tei = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tei.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] b = "[[0.1,0.2,0.3,0.4,0.5],[1,0,0,0,0]]".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        tei.start();
        try {
            String url = "http://127.0.0.1:" + tei.getAddress().getPort();
            CliRun table = CliRun.hearth("embed", "-e", url, "--token", "t", "A cat", "A kitten");
            assertThat(table.code()).as(table.toString()).isZero();
            assertThat(table.out()).startsWith("TEXT").contains("A kitten  5     [1.0000, 0.0000, 0.0000, 0.0000, …]");
            CliRun json = CliRun.hearth("embed", "-e", url, "--token", "t", "--json", "A cat", "A kitten");
            assertThat(new ObjectMapper().readTree(json.out()).get(1).get(0).asDouble()).isEqualTo(1.0);
            assertThat(CliRun.hearth("embed", "-e", url).code()).as("no text").isEqualTo(1);
        } finally {
            tei.stop(0);
        }
    }
}
