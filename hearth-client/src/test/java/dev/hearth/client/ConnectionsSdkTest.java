package dev.hearth.client;

import dev.hearth.testkit.RemoteTgi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link Connections} against a real control plane, whose checks call a {@link RemoteTgi} over HTTP. No record or
 * exception the SDK hands back may hold the remote server's key.
 */
class ConnectionsSdkTest {

    static final String KEY = "hf_remoteSecretKeyX9Q2";
    static final String MODEL = "meta-llama/Llama-2-7b-chat-hf";

    @TempDir static Path home;
    static TestHearth hearth;
    static RemoteTgi remote;
    static Connections connections;

    @BeforeAll
    static void start() {
        hearth = TestHearth.start(home, "sdk");
        remote = RemoteTgi.start(KEY, MODEL, 4096);
        connections = hearth.api().connections();
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

    static String credential(String endpoint, String extra) {
        return """
                {
                    "api_key": "%s",
                    "endpoint": "%s",
                    "model_name": "%s",
                    "context_window": 4096%s
                }""".formatted(KEY, endpoint, MODEL, extra);
    }

    /** The record, after checking that its text holds no key. */
    static ConnectionInfo keyless(ConnectionInfo c) {
        assertThat(c.toString()).doesNotContain(KEY).doesNotContain("remoteSecretKey");
        return c;
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aPastedCredentialIsAddedAndListedWithoutItsKey() {
        ConnectionInfo c = keyless(connections.add(credential(remote.url(), "")));
        assertThat(c.name()).isEqualTo("llama-2-7b-chat-hf");
        assertThat(c.namespace()).isEqualTo("sdk");
        assertThat(c.kind()).isEqualTo("tgi");
        assertThat(c.endpoint()).isEqualTo(remote.url());
        assertThat(c.modelName()).isEqualTo(MODEL);
        assertThat(c.contextWindow()).isEqualTo(4096);
        assertThat(c.keyHint()).isEqualTo("hf_…X9Q2");
        assertThat(c.task()).isEqualTo("text-generation");
        assertThat(c.maxTotalTokens()).isEqualTo(4096);
        assertThat(c.state()).isEqualTo("ready");
        assertThat(c.ready()).isTrue();
        assertThat(c.lastError()).isNull();
        assertThat(c.checkedAt()).isNotNull();
        assertThat(c.raw().toString()).doesNotContain(KEY);

        List<ConnectionInfo> all = connections.list();
        all.forEach(ConnectionsSdkTest::keyless);
        assertThat(all).extracting(ConnectionInfo::name).contains("llama-2-7b-chat-hf");
        assertThat(keyless(connections.get("llama-2-7b-chat-hf")).keyHint()).isEqualTo("hf_…X9Q2");
    }

    @Test
    void aTypedRequestIsAddedAndItsRecordNeverPrintsTheKey() {
        ConnectionRequest request = ConnectionRequest.of(KEY, remote.url(), MODEL, 2048).withName("typed").withKind("tgi");
        assertThat(request.toString()).doesNotContain(KEY).contains("apiKey=<set>", "name=typed", "kind=tgi");
        ConnectionInfo c = keyless(connections.add(request));
        assertThat(c.name()).isEqualTo("typed");
        assertThat(c.contextWindow()).isEqualTo(2048);
        assertThat(c.ready()).isTrue();
    }

    @Test
    void aConnectionToAClosedPortIsRefusedWithTheReason() throws IOException {
        int port = closedPort();
        BadRequestException e = catchThrowableOfType(BadRequestException.class,
                () -> connections.add(credential("http://127.0.0.1:" + port, ",\"name\":\"closed\"")));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.serverMessage()).isEqualTo("Cannot reach http://127.0.0.1:" + port
                + "/info: the connection was refused; is the server running, and are the host and port right?");
        assertThat(e.getMessage()).doesNotContain(KEY);
        assertThat(connections.list()).extracting(ConnectionInfo::name).doesNotContain("closed");
    }

    @Test
    void errorsAreTheSdksTypedExceptions() {
        keyless(connections.add(credential(remote.url(), ",\"name\":\"taken\"")));
        assertThatThrownBy(() -> connections.add(credential(remote.url(), ",\"name\":\"taken\"")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already exists").hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> connections.get("nobody")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Connection sdk/nobody not found");
        BadRequestException typo = catchThrowableOfType(BadRequestException.class,
                () -> connections.add("{\"api_key\":\"" + KEY + "\",\"endpont\":\"http://x\",\"model_name\":\"m\"}"));
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.serverMessage()).contains("unknown field \"endpont\"").doesNotContain(KEY);
        BadRequestException notJson = catchThrowableOfType(BadRequestException.class,
                () -> connections.add("{\"api_key\":\"" + KEY + "\", oops"));
        assertThat(notJson.serverMessage()).startsWith("the body is not valid JSON (line 1").doesNotContain(KEY);
        try (var stranger = InferenceEndpoints.connect(hearth.url(), "not-a-token")) {
            assertThatThrownBy(() -> stranger.inNamespace("sdk").connections().list())
                    .isInstanceOf(UnauthorizedException.class);
        }
    }

    @Test
    void testReValidates() {
        keyless(connections.add(credential(remote.url(), ",\"name\":\"rechecked\"")));
        remote.mode(RemoteTgi.Mode.KEY_ROTATED);
        ConnectionInfo refused = keyless(connections.test("rechecked"));
        assertThat(refused.state()).isEqualTo("unauthorized");
        assertThat(refused.lastError()).contains("refused the api_key (HTTP 401)");
        assertThat(keyless(connections.get("rechecked")).state()).isEqualTo("unauthorized");

        remote.mode(RemoteTgi.Mode.GONE);
        ConnectionInfo gone = keyless(connections.test("rechecked"));
        assertThat(gone.state()).isEqualTo("unreachable");
        assertThat(gone.lastError()).contains("is not an inference server");

        remote.mode(RemoteTgi.Mode.SERVING);
        ConnectionInfo back = keyless(connections.test("rechecked"));
        assertThat(back.state()).isEqualTo("ready");
        assertThat(back.lastError()).isNull();
        assertThat(back.checkedAt()).isAfterOrEqualTo(gone.checkedAt());
    }

    @Test
    void anUpdateWithoutAKeyKeepsTheStoredOne() {
        keyless(connections.add(credential(remote.url(), ",\"name\":\"updated\"")));
        ConnectionInfo c = keyless(connections.update("updated", ConnectionRequest.of(null, remote.url(), MODEL, 1024)));
        assertThat(c.contextWindow()).isEqualTo(1024);
        assertThat(c.keyHint()).isEqualTo("hf_…X9Q2");
        assertThat(c.ready()).as("the stored key still passes the check").isTrue();
        assertThatThrownBy(() -> connections.update("updated", ConnectionRequest.of(null, remote.url(), MODEL, 8192)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("larger than the server's limit of 4096");
    }

    @Test
    void removingAConnectionTakesItOutOfTheList() {
        keyless(connections.add(credential(remote.url(), ",\"name\":\"doomed\"")));
        assertThat(connections.list()).extracting(ConnectionInfo::name).contains("doomed");
        connections.remove("doomed");
        assertThat(connections.list()).extracting(ConnectionInfo::name).doesNotContain("doomed");
        assertThatThrownBy(() -> connections.get("doomed")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> connections.remove("doomed")).isInstanceOf(NotFoundException.class);
    }
}
