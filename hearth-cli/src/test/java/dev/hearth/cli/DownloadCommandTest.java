package dev.hearth.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hearth download} in process against a small fake Hub (HF_ENDPOINT points at it): the snapshot path on
 * stdout, plain progress lines on stderr when there is no terminal, and the exit codes. The Hub protocol itself is
 * covered in hearth-hub's tests.
 */
class DownloadCommandTest {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final byte[] CONFIG = "{\"model_type\":\"gpt2\"}".getBytes(StandardCharsets.UTF_8);
    static final byte[] WEIGHTS = "pretend these are 124M parameters".getBytes(StandardCharsets.UTF_8);

    @TempDir Path hfHome;
    HttpServer hub;
    String endpoint;

    @BeforeEach
    void startFakeHub() throws IOException {
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint = "http://127.0.0.1:" + hub.getAddress().getPort();
        hub.createContext("/", this::route);
        hub.start();
    }

    @AfterEach
    void stopFakeHub() {
        hub.stop(0);
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        var h = ex.getResponseHeaders();
        if (path.equals("/api/models/gpt2/revision/main")) {
            send(ex, 200, "{\"sha\":\"" + COMMIT + "\",\"siblings\":[{\"rfilename\":\"config.json\"},"
                    + "{\"rfilename\":\"model.safetensors\"}]}");
        } else if (path.equals("/gpt2/resolve/" + COMMIT + "/config.json")) {
            h.add("X-Repo-Commit", COMMIT);
            h.add("ETag", "\"" + hex("SHA-1", CONFIG) + "\"");
            sendBytes(ex, 200, CONFIG);
        } else if (path.equals("/gpt2/resolve/" + COMMIT + "/model.safetensors")) {
            h.add("X-Repo-Commit", COMMIT);
            h.add("X-Linked-Etag", "\"" + hex("SHA-256", WEIGHTS) + "\"");
            h.add("X-Linked-Size", Integer.toString(WEIGHTS.length));
            h.add("Location", endpoint + "/cdn/weights");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        } else if (path.equals("/cdn/weights")) {
            sendBytes(ex, 200, WEIGHTS);
        } else {
            h.add("X-Error-Code", "RepoNotFound");
            send(ex, 404, "{\"error\":\"Repository not found\"}");
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        sendBytes(ex, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendBytes(HttpExchange ex, int status, byte[] body) throws IOException {
        boolean head = ex.getRequestMethod().equals("HEAD");
        if (head) ex.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) ex.getResponseBody().write(body);
        ex.close();
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            byte[] digest = algorithm.equals("SHA-1")
                    ? MessageDigest.getInstance(algorithm).digest(concat(("blob " + bytes.length + "\0").getBytes(StandardCharsets.UTF_8), bytes))
                    : MessageDigest.getInstance(algorithm).digest(bytes);
            return HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private CliRun download(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(new HearthCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        DownloadCommand command = cli.getSubcommands().get("download").getCommand();
        command.env = env;
        String[] all = new String[args.length + 1];
        all[0] = "download";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cli.execute(all);
        return new CliRun(code, out.toString(), err.toString());
    }

    private Map<String, String> env() {
        return Map.of("HF_ENDPOINT", endpoint, "HF_HOME", hfHome.toString());
    }

    @Test
    void downloadPrintsTheSnapshotFolderAndALinePerFile() throws Exception {
        CliRun r = download(env(), "gpt2");

        assertThat(r.code()).as(r.toString()).isZero();
        Path snapshot = hfHome.resolve("hub/models--gpt2/snapshots").resolve(COMMIT);
        assertThat(r.out().strip()).isEqualTo(snapshot.toString());
        assertThat(Files.readAllBytes(snapshot.resolve("model.safetensors"))).isEqualTo(WEIGHTS);
        assertThat(r.err()).contains("downloaded config.json (21 B)", "fetching   model.safetensors (33 B)",
                "downloaded model.safetensors (33 B)");

        CliRun again = download(env(), "gpt2");
        assertThat(again.err()).contains("cached     config.json", "cached     model.safetensors");

        CliRun offline = download(Map.of("HF_HUB_OFFLINE", "1", "HF_HOME", hfHome.toString()), "gpt2");
        assertThat(offline.code()).as(offline.toString()).isZero();
        assertThat(offline.out().strip()).isEqualTo(snapshot.toString());
        assertThat(offline.err()).contains("cached     model.safetensors (33 B)");
    }

    @Test
    void includeAndExcludeChooseTheFiles() {
        CliRun r = download(env(), "gpt2", "--include", "*.json", "--exclude", "*.safetensors");

        assertThat(r.code()).as(r.toString()).isZero();
        Path snapshot = Path.of(r.out().strip());
        assertThat(snapshot.resolve("config.json")).exists();
        assertThat(snapshot.resolve("model.safetensors")).doesNotExist();
    }

    @Test
    void cacheDirOverridesTheEnvironment(@TempDir Path elsewhere) {
        CliRun r = download(env(), "gpt2", "--include", "config.json", "--cache-dir", elsewhere.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Path.of(r.out().strip())).isEqualTo(elsewhere.resolve("models--gpt2/snapshots").resolve(COMMIT));
        assertThat(hfHome.resolve("hub")).doesNotExist();
    }

    @Test
    void onATerminalEachFileGetsABarRedrawnInPlace() {
        StringWriter err = new StringWriter();
        DownloadCommand.Bars bars = new DownloadCommand.Bars(new PrintWriter(err));
        bars.bytes("model.safetensors", 1_500_000, 3_000_000);
        bars.finished("model.safetensors", 3_000_000, false);

        assertThat(err.toString())
                .startsWith("\rmodel.safetensors [###############               ]  50% 1.5 MB / 3.0 MB")
                .contains("\rmodel.safetensors [" + "#".repeat(30) + "] 100% 3.0 MB / 3.0 MB")
                .endsWith(System.lineSeparator());
    }

    @Test
    void notFoundAndBadInputExitOneAndNetworkTroubleExitsTwo() {
        CliRun missing = download(env(), "acme/missing");
        assertThat(missing.code()).as(missing.toString()).isEqualTo(1);
        assertThat(missing.err()).contains("hearth: repository not found: acme/missing", "HF_TOKEN");

        assertThat(download(env(), "not a repo").code()).isEqualTo(1);
        assertThat(download(env(), "gpt2", "--bogus").code()).isEqualTo(1);

        CliRun offline = download(Map.of("HF_HUB_OFFLINE", "1", "HF_HOME", hfHome.toString()), "gpt2");
        assertThat(offline.code()).isEqualTo(1);
        assertThat(offline.err()).contains("HF_HUB_OFFLINE=1");

        CliRun unreachable = download(Map.of("HF_ENDPOINT", "http://127.0.0.1:1", "HF_HOME", hfHome.toString()), "gpt2");
        assertThat(unreachable.code()).as(unreachable.toString()).isEqualTo(2);
        assertThat(unreachable.err()).contains("cannot reach the Hub");
    }
}
