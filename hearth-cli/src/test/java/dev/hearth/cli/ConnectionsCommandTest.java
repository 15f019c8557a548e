package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.testkit.RemoteTgi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hearth connections add|list|test|remove} against a real control plane, whose checks call a
 * {@link RemoteTgi} over HTTP. No run may print the remote server's key, on stdout or stderr.
 */
class ConnectionsCommandTest {

    static final String KEY = "hf_remoteSecretKeyX9Q2";
    static final String MODEL = "meta-llama/Llama-2-7b-chat-hf";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path home;
    static CliServer hearth;
    static RemoteTgi remote;

    @BeforeAll
    static void start() {
        hearth = new CliServer(home);
        remote = RemoteTgi.start(KEY, MODEL, 4096);
    }

    @AfterAll
    static void stop() {
        if (remote != null) remote.close();
        if (hearth != null) hearth.close();
    }

    @AfterEach
    void serveAgain() {
        remote.mode(RemoteTgi.Mode.SERVING);
    }

    static String credential(String endpoint) {
        return """
                {
                    "api_key": "%s",
                    "endpoint": "%s",
                    "model_name": "%s",
                    "context_window": 4096
                }""".formatted(KEY, endpoint, MODEL);
    }

    static Path file(String name, String text) throws IOException {
        return Files.writeString(home.resolve(name), text);
    }

    /** {@code hearth connections ARGS...}, checked to print no key. */
    static CliRun connections(String... args) {
        return keyless(hearth.hearth(prepend(args)));
    }

    static CliRun connectionsWithInput(String stdin, String... args) {
        return keyless(hearth.hearthWithInput(stdin, prepend(args)));
    }

    private static String[] prepend(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "connections";
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    static CliRun keyless(CliRun r) {
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain(KEY).doesNotContain("remoteSecretKey");
        return r;
    }

    static CliRun ok(CliRun r) {
        assertThat(r.code()).as(r.toString()).isZero();
        return r;
    }

    static String list() {
        return ok(connections("list")).out();
    }

    @Test
    void aPastedCredentialIsAddedAndListedWithoutItsKey() throws Exception {
        Path cred = file("cred.json", credential(remote.url()));
        CliRun added = ok(connections("add", "--file", cred.toString()));
        assertThat(added.out()).isEqualTo("llama-2-7b-chat-hf: ready (tgi, " + MODEL + ", 4096 tokens, key hf_…X9Q2)\n");
        assertThat(added.err()).isEmpty();

        // From stdin, without --file or with "-", the flags overriding the credential's fields.
        ok(connectionsWithInput(credential(remote.url()), "add", "--name", "from-stdin", "--kind", "tgi"));
        ok(connectionsWithInput(credential(remote.url()), "add", "--file", "-", "--name", "from-dash"));

        String table = list();
        assertThat(table.lines().findFirst().orElseThrow())
                .matches("NAME\\s+MODEL\\s+KIND\\s+STATE\\s+CONTEXT\\s+CHECKED");
        for (String name : new String[] {"llama-2-7b-chat-hf", "from-stdin", "from-dash"}) {
            assertThat(table).containsPattern("(?m)^" + name + "\\s+" + Pattern.quote(MODEL)
                    + "\\s+tgi\\s+ready\\s+4096\\s+\\d{4}-\\d\\d-\\d\\dT\\S+Z$");
        }
        JsonNode json = JSON.readTree(ok(connections("list", "--json")).out());
        assertThat(json.findValuesAsText("name")).contains("llama-2-7b-chat-hf", "from-stdin", "from-dash");
        assertThat(json.findValuesAsText("api_key_hint")).containsOnly("hf_…X9Q2");
        JsonNode one = JSON.readTree(ok(connectionsWithInput(credential(remote.url()), "add", "--name", "as-json",
                "--json")).out());
        assertThat(one.path("status").path("state").asText()).isEqualTo("ready");
    }

    @Test
    void aConnectionToAClosedPortIsRefusedWithTheReason() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path cred = file("closed.json", credential("http://127.0.0.1:" + port));
        CliRun refused = connections("add", "--file", cred.toString(), "--name", "closed");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).startsWith("hearth: ").contains("Cannot reach http://127.0.0.1:" + port
                + "/info: the connection was refused; is the server running, and are the host and port right?");
        assertThat(list()).doesNotContain("closed");
    }

    @Test
    void anUnreadableCredentialIsReportedWithoutItsText() throws IOException {
        Path broken = file("broken.json", "{\"api_key\": \"" + KEY + "\", oops");
        CliRun overridden = connections("add", "--file", broken.toString(), "--kind", "tgi");
        assertThat(overridden.code()).as(overridden.toString()).isEqualTo(1);
        assertThat(overridden.err()).startsWith("hearth: the credential is not valid JSON (line 1, column");
        CliRun asIs = connections("add", "--file", broken.toString());
        assertThat(asIs.code()).as(asIs.toString()).isEqualTo(1);
        assertThat(asIs.err()).contains("the body is not valid JSON (line 1");
        CliRun missing = connections("add", "--file", home.resolve("nowhere.json").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("hearth: cannot read " + home.resolve("nowhere.json") + ": no such file\n");
    }

    @Test
    void testReValidates() throws IOException {
        ok(connections("add", "--file", file("checked.json", credential(remote.url())).toString(), "--name", "checked"));
        assertThat(ok(connections("test", "checked")).out()).startsWith("checked: ready (tgi, ");

        remote.mode(RemoteTgi.Mode.KEY_ROTATED);
        CliRun refused = connections("test", "checked");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.out()).isEqualTo("checked: unauthorized (tgi, " + MODEL + ", 4096 tokens, key hf_…X9Q2)\n");
        assertThat(refused.err()).startsWith("hearth: The server at " + remote.url() + "/tokenize refused the api_key");
        assertThat(list()).containsPattern("(?m)^checked\\s.*\\sunauthorized\\s");

        remote.mode(RemoteTgi.Mode.GONE);
        CliRun gone = connections("test", "checked");
        assertThat(gone.code()).as(gone.toString()).isEqualTo(2);
        assertThat(gone.err()).startsWith("hearth: " + remote.url() + " is not an inference server");

        remote.mode(RemoteTgi.Mode.SERVING);
        assertThat(ok(connections("test", "checked")).out()).startsWith("checked: ready (tgi, ");
        assertThat(list()).containsPattern("(?m)^checked\\s.*\\sready\\s");
        CliRun unknown = connections("test", "nobody");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("Connection cli/nobody not found");
    }

    @Test
    void removingAConnectionTakesItOutOfTheList() throws IOException {
        ok(connections("add", "--file", file("doomed.json", credential(remote.url())).toString(), "--name", "doomed"));
        assertThat(list()).containsPattern("(?m)^doomed\\s");

        CliRun unconfirmed = connections("remove", "doomed");
        assertThat(unconfirmed.code()).as(unconfirmed.toString()).isEqualTo(1);
        assertThat(unconfirmed.err()).isEqualTo("hearth: not removing doomed without confirmation; add --yes\n");
        assertThat(list()).containsPattern("(?m)^doomed\\s");

        assertThat(ok(connections("remove", "doomed", "--yes")).out()).isEqualTo("doomed: removed\n");
        assertThat(list()).doesNotContainPattern("(?m)^doomed\\s");
        CliRun again = connections("remove", "doomed", "--yes");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("Connection cli/doomed not found");
    }

    @Test
    void updatingAConnectionReplacesItsCredentialAndWithoutAKeyKeepsTheStoredOne() throws IOException {
        ok(connections("add", "--file", file("movable.json", credential(remote.url())).toString(), "--name", "movable"));
        String keyless = "{\"endpoint\": \"%s\", \"model_name\": \"%s\", \"context_window\": 2048}".formatted(remote.url(), MODEL);

        CliRun updated = ok(connections("update", "movable", "--file", file("movable-2.json", keyless).toString()));
        assertThat(updated.out()).contains("movable: ready", "2048 tokens");
        assertThat(list()).containsPattern("(?m)^movable\\s+\\S+\\s+tgi\\s+ready\\s+2048\\s");
        assertThat(ok(connections("test", "movable")).code()).as("the stored key still works").isZero();

        CliRun missing = connections("update", "no-such-connection", "--file", file("movable-3.json", keyless).toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("not found");
    }
}
