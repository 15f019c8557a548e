package dev.hearth.server.it;

import dev.hearth.server.HearthServer;
import dev.hearth.server.auth.Tokens;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.TokenRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Who may do what, and what happens to hostile input. */
class AuthAndHostileInputTest extends ControlPlaneTest {

    static String aliceToken;
    static String bobToken;

    static ControlPlane.Client admin;

    @BeforeAll
    static void createTokensAndEndpoints() {
        admin = api;
        Tokens tokens = new Tokens(new TokenRepository(Store.open(home.resolve("hearth.db"))));
        aliceToken = tokens.create("alice", false, "test");
        bobToken = tokens.create("bob", false, "test");
        for (String type : new String[]{"public", "protected", "authenticated", "private"}) {
            admin.post("/v2/endpoint/alice", ControlPlane.createBody(type + "-ep", model, 1, 1, type));
        }
        for (String type : new String[]{"public", "protected", "authenticated", "private"}) {
            EndpointLifecycleTestSupport.waitUntilRunning(admin, type + "-ep");
        }
    }

    static String token(String who) {
        return switch (who) {
            case "none" -> null;
            case "wrong" -> "hearth_not_a_real_token";
            case "alice" -> aliceToken;
            case "bob" -> bobToken;
            case "admin" -> ControlPlane.ADMIN;
            default -> throw new IllegalArgumentException(who);
        };
    }

    @ParameterizedTest(name = "{0} endpoint, {1} token → {2}")
    @CsvSource({
            "public,none,200", "public,wrong,200", "public,bob,200",
            "protected,none,401", "protected,wrong,401", "protected,bob,403", "protected,alice,200", "protected,admin,200",
            "authenticated,none,401", "authenticated,wrong,401", "authenticated,bob,200", "authenticated,alice,200",
            "private,none,401", "private,bob,403", "private,alice,200", "private,admin,200",
    })
    void theGatewayAppliesTheEndpointsType(String type, String who, int status) {
        ControlPlane.Response r = admin.as(token(who)).post("/endpoints/alice/" + type + "-ep/generate",
                "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":1}}");
        assertThat(r.status()).isEqualTo(status);
        if (status >= 400) assertThat(r.json().has("error")).isTrue();
    }

    @Test
    void aReplicaAnswersOnlyTheGatewayWhileItsHealthRouteStaysOpen() {
        String generate = "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":1}}";
        ProcessHandle replica = ControlPlane.replicaProcesses("alice.protected-ep.").getFirst();
        String direct = "http://127.0.0.1:" + ControlPlane.replicaPort(replica);

        assertThat(admin.as(aliceToken).post("/endpoints/alice/protected-ep/generate", generate).status()).isEqualTo(200);
        assertThat(admin.as(null).post(direct + "/generate", generate).status()).isEqualTo(401);
        assertThat(admin.as(aliceToken).post(direct + "/generate", generate).status()).as("a Hearth token is no replica key")
                .isEqualTo(401);
        assertThat(admin.as(null).get(direct + "/health").status()).isEqualTo(200);
        assertThat(ProcessHandle.of(replica.pid()).orElseThrow().info().commandLine().orElse(""))
                .doesNotContain(ControlPlane.environment(replica).get("API_KEY"));
    }

    @ParameterizedTest(name = "{0} token on the control API → {1}")
    @CsvSource({"none,401", "wrong,401", "bob,403", "alice,200", "admin,200"})
    void theControlApiNeedsATokenForTheNamespace(String who, int status) {
        assertThat(admin.as(token(who)).get("/v2/endpoint/alice").status()).isEqualTo(status);
        assertThat(admin.as(token(who)).get("/v2/endpoint/alice/protected-ep").status()).isEqualTo(status);
    }

    @Test
    void whoamiNamesTheTokensNamespace() {
        assertThat(admin.as(aliceToken).get("/api/whoami-v2").json().get("name").asText()).isEqualTo("alice");
        assertThat(admin.as(aliceToken).get("/api/whoami-v2").json().get("type").asText()).isEqualTo("user");
        assertThat(admin.as(null).get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void aTokenSeesOnlyItsOwnNamespacesEndpoints() {
        assertThat(admin.as(bobToken).get("/v2/endpoint/bob").json().path("items")).isEmpty();
        assertThat(admin.as(aliceToken).get("/v2/endpoint/alice").json().path("items").size()).isEqualTo(4);
    }

    @ParameterizedTest(name = "name {0} is refused")
    @ValueSource(strings = {"Upper", "../etc", "a_b", "-lead", "trail-", "this-name-is-far-too-long-to-be-accepted", "sp ace", "é"})
    void hostileOrInvalidNamesAre400(String name) {
        ControlPlane.Response r = admin.post("/v2/endpoint/alice", ControlPlane.createBody("x", model, 1, 1, "public")
                .replace("\"name\":\"x\"", "\"name\":" + ControlPlane.JSON.valueToTree(name)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("invalid endpoint name");
    }

    @Test
    void hostileNamespacesAndPathsAre4xx() {
        assertThat(admin.get("/v2/endpoint/..%2Fetc").status()).isBetween(400, 404);
        assertThat(admin.get("/v2/endpoint/alice/..").status()).isBetween(400, 404);
        assertThat(admin.get("/v2/endpoint/alice/UPPER").status()).isEqualTo(400);
    }

    @ParameterizedTest(name = "logs?tail={0} is 400")
    @ValueSource(strings = {"0", "10001", "abc", "-5", "1e3"})
    void aLogTailOutsideItsRangeIs400WithAShortMessage(String tail) {
        ControlPlane.Response r = admin.get("/v2/endpoint/alice/public-ep/logs?tail=" + tail);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"tail must be a whole number from 1 to 10000\"}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/etc/shadow", "/etc", "/no/such/model.gguf", "/proc/self/environ"})
    void aNamespaceTokenCannotProbeTheHostsFilesTheAnswerIsTheSameWhetherTheyExistOrNot(String path) {
        ControlPlane.Response r = admin.as(aliceToken).post("/v2/endpoint/alice",
                ControlPlane.createBody("probe", Path.of(path), 1, 1, "public"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("error").asText()).isEqualTo("model.repository may name a local path only under "
                + home.resolve("models").toAbsolutePath() + " or " + home.resolve("hub").toAbsolutePath()
                + " with a namespace token; use a Hub repository id, put the model there, or ask an administrator");
    }

    @Test
    void aNamespaceTokenMayUseAModelUnderTheModelFoldersButNotALinkFromThereToElsewhere() throws Exception {
        Path models = java.nio.file.Files.createDirectories(home.resolve("models"));
        Path inside = java.nio.file.Files.copy(model, models.resolve("inside.gguf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path link = models.resolve("outside");
        java.nio.file.Files.deleteIfExists(link);
        java.nio.file.Files.createSymbolicLink(link, model.getParent());

        assertThat(admin.as(aliceToken).post("/v2/endpoint/alice", ControlPlane.createBody("linked", link.resolve("tiny.gguf"), 0, 1, "public"))
                .status()).isEqualTo(403);
        ControlPlane.Response allowed = admin.as(aliceToken).post("/v2/endpoint/alice", ControlPlane.createBody("inside", inside, 0, 1, "public"));
        assertThat(allowed.status()).isEqualTo(202);
        assertThat(admin.post("/v2/endpoint/alice", ControlPlane.createBody("admins-own", model, 0, 1, "public")).status())
                .as("an administrator may name any path").isEqualTo(202);
    }

    @Test
    void aPublicEndpointsInfoNamesItsModelFileButNoFolderOfTheHost() {
        ControlPlane.Response info = admin.as(null).get("/endpoints/alice/public-ep/info");
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().get("model_id").asText()).isEqualTo("tiny.gguf");
        assertThat(info.body()).doesNotContain(home.toAbsolutePath().toString());
    }

    @Test
    void aMalformedChunkedBodyIs400InTheHubsErrorShapeWithoutExceptionText() throws Exception {
        String reply;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v2/endpoint/alice HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + ControlPlane.ADMIN + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            reply = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        assertThat(reply).startsWith("HTTP/1.1 400").endsWith("{\"error\":\"the request body is malformed or incomplete\"}");
        assertThat(reply).doesNotContainIgnoringCase("exception");
    }

    /** A raw request, so that Jetty sees the URI and headers exactly as written. */
    private static String rawGet(String target, String extraHeader) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + ControlPlane.ADMIN + "\r\n" + extraHeader + "Connection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/v2/endpoint/alice/a%00X", "/v2/endpoint/alice/%2E%2E/x", "/v2/endpoint/alice/a%5Cb",
            "/endpoints/alice/public-ep/%2E%2E/generate", "/v2/endpoint/alice/LONG_URI", "/v2/endpoint/alice?LONG_HEADER"})
    void whatJettyRefusesBeforeAnyRouteIsStillAJsonError(String target) throws Exception {
        String longPart = "a".repeat(70_000);
        String reply = target.endsWith("LONG_HEADER") ? rawGet("/v2/endpoint/alice", "X-Big: " + longPart + "\r\n")
                : rawGet(target.replace("LONG_URI", longPart), "");
        assertThat(reply).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
        assertThat(reply).containsIgnoringCase("Content-Type: application/json");
        assertThat(reply.substring(reply.indexOf("\r\n\r\n") + 4)).startsWith("{\"error\":\"");
        assertThat(reply).doesNotContainIgnoringCase("<html").doesNotContainIgnoringCase("exception").doesNotContain(longPart.substring(0, 100));
    }

    @Test
    void aHugeLogTailIs400WithoutEchoingItInAHeader() {
        ControlPlane.Response r = admin.get("/v2/endpoint/alice/public-ep/logs?tail=" + "9".repeat(5000));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.raw().headers().firstValue("X-Error-Message").orElseThrow()).hasSizeLessThan(100);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json                  | {\"name\":",
            "wrong type for replicas   | {\"name\":\"t1\",\"provider\":{\"vendor\":\"hearth\",\"region\":\"local\"},\"compute\":{\"accelerator\":\"cpu\",\"instanceType\":\"cpu\",\"instanceSize\":\"x1\",\"scaling\":{\"minReplica\":\"one\"}},\"model\":{\"repository\":\"/x\"}}",
            "unknown hardware          | {\"name\":\"t2\",\"provider\":{\"vendor\":\"aws\",\"region\":\"us-east-1\"},\"compute\":{\"accelerator\":\"gpu\",\"instanceType\":\"nvidia-a10g\",\"instanceSize\":\"x1\"},\"model\":{\"repository\":\"gpt2\"}}",
            "missing model             | {\"name\":\"t3\",\"provider\":{\"vendor\":\"hearth\",\"region\":\"local\"},\"compute\":{\"accelerator\":\"cpu\",\"instanceType\":\"cpu\",\"instanceSize\":\"x1\"}}",
            "path traversal repository | {\"name\":\"t4\",\"provider\":{\"vendor\":\"hearth\",\"region\":\"local\"},\"compute\":{\"accelerator\":\"cpu\",\"instanceType\":\"cpu\",\"instanceSize\":\"x1\"},\"model\":{\"repository\":\"../../../../etc/passwd\"}}",
            "min above max             | {\"name\":\"t6\",\"provider\":{\"vendor\":\"hearth\",\"region\":\"local\"},\"compute\":{\"accelerator\":\"cpu\",\"instanceType\":\"cpu\",\"instanceSize\":\"x1\",\"scaling\":{\"minReplica\":3,\"maxReplica\":1}},\"model\":{\"repository\":\"/x\"}}",
            "bad env key               | {\"name\":\"t7\",\"provider\":{\"vendor\":\"hearth\",\"region\":\"local\"},\"compute\":{\"accelerator\":\"cpu\",\"instanceType\":\"cpu\",\"instanceSize\":\"x1\"},\"model\":{\"repository\":\"/x\",\"env\":{\"A=B\":\"c\"}}}",
            "two images                | {\"name\":\"t8\",\"provider\":{\"vendor\":\"hearth\",\"region\":\"local\"},\"compute\":{\"accelerator\":\"cpu\",\"instanceType\":\"cpu\",\"instanceSize\":\"x1\"},\"model\":{\"repository\":\"/x\",\"image\":{\"huggingface\":{},\"custom\":{}}}}",
            "bad type                  | {\"name\":\"t9\",\"type\":\"secret\",\"provider\":{\"vendor\":\"hearth\",\"region\":\"local\"},\"compute\":{\"accelerator\":\"cpu\",\"instanceType\":\"cpu\",\"instanceSize\":\"x1\"},\"model\":{\"repository\":\"/x\"}}",
    })
    void badCreatePayloadsAre400WithAReason(String what, String body) {
        ControlPlane.Response r = admin.post("/v2/endpoint/alice", body);
        assertThat(r.status()).as(what).isEqualTo(400);
        assertThat(r.json().get("error").asText()).as(what).isNotBlank();
    }

    /** Every family of {@code ReservedEnvKeys}, in each place an endpoint names environment variables. */
    static Stream<Arguments> reservedEnvironmentNames() {
        List<String> keys = List.of(
                "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "LD_BIND_NOW", "ld_preload", "DYLD_INSERT_LIBRARIES",
                "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "JAVA_OPTIONS", "CLASSPATH", "JAVA_HOME",
                "PATH", "HOME",
                "HEARTH_ADMIN_TOKEN", "HEARTH_REPLICA_ID", "HEARTH_HOME",
                "PORT", "MODEL_ID", "API_KEY",
                "PYTHONPATH", "PYTHONSTARTUP", "NODE_OPTIONS", "BASH_ENV", "ENV");
        return Stream.of("env", "secrets", "image.custom.env")
                .flatMap(field -> keys.stream().map(key -> Arguments.of(field, key)));
    }

    @ParameterizedTest(name = "model.{0} may not set {1}")
    @MethodSource("reservedEnvironmentNames")
    void environmentNamesThatChangeWhatAReplicaRunsAreRefusedByNameWithTheReason(String field, String key) {
        String vars = "{\"" + key + "\":\"x\"}";
        String modelPart = field.equals("image.custom.env")
                ? "\"image\":{\"custom\":{\"url\":\"exec sleep 60\",\"env\":" + vars + "}}"
                : "\"" + field + "\":" + vars;
        ControlPlane.Response r = admin.post("/v2/endpoint/alice", """
                {"name":"envcheck","provider":{"vendor":"hearth","region":"local"},
                 "compute":{"accelerator":"cpu","instanceType":"cpu","instanceSize":"x1"},
                 "model":{"repository":"%s",%s}}""".formatted(model, modelPart));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("model." + field + " may not set " + key + ": ");
        assertThat(admin.get("/v2/endpoint/alice/envcheck").status()).isEqualTo(404);
    }

    @Test
    void anUpdateMayNotSetAReservedEnvironmentNameEither() {
        ControlPlane.Response r = admin.put("/v2/endpoint/alice/public-ep", "{\"model\":{\"env\":{\"LD_PRELOAD\":\"/tmp/x.so\"}}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("LD_PRELOAD", "dynamic linker");
        assertThat(admin.get("/v2/endpoint/alice/public-ep").json().path("model").path("env").has("LD_PRELOAD")).isFalse();
    }

    @Test
    void aSafetensorsModelOfAnArchitectureThatCannotBeConvertedIsRefusedByName() throws Exception {
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(home.resolve("mixtral"));
        java.nio.file.Files.writeString(folder.resolve("config.json"), "{\"architectures\":[\"MixtralForCausalLM\"],\"model_type\":\"mixtral\"}");
        java.nio.file.Files.writeString(folder.resolve("model.safetensors"), "");
        ControlPlane.Response r = admin.post("/v2/endpoint/alice", ControlPlane.createBody("moe", model, 1, 1, "public")
                .replace(model.toString(), folder.toString()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("MixtralForCausalLM");
    }

    @Test
    void unknownHardwareSaysWhatIsValid() {
        ControlPlane.Response r = admin.post("/v2/endpoint/alice", ControlPlane.createBody("hw", model, 1, 1, "public").replace("\"x1\"", "\"x999\""));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("instanceSize one of");
    }

    @Test
    void aTakenNameIs409() {
        ControlPlane.Response r = admin.post("/v2/endpoint/alice", ControlPlane.createBody("public-ep", model, 1, 1, "public"));
        assertThat(r.status()).isEqualTo(409);
    }

    @Test
    void theHardwareCatalogueHasTheClientsShape() {
        var vendors = admin.get("/v2/provider/alice").json().path("vendors");
        var compute = vendors.get(0).path("regions").get(0).path("computes").get(0);
        assertThat(vendors.get(0).path("name").asText()).isEqualTo("hearth");
        for (String key : new String[]{"id", "accelerator", "numAccelerators", "memoryGb", "instanceType", "instanceSize", "status", "quota"}) {
            assertThat(compute.has(key)).as(key).isTrue();
        }
    }
}
