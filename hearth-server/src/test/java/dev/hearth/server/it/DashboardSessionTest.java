package dev.hearth.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's session over plain HTTP: the cookie holds no token, stands for it in the API and the gateway,
 * needs the CSRF header on every state-changing request, and ends on sign-out or when its token is revoked; the
 * endpoint event stream is authenticated and scoped like the rest of the API.
 */
class DashboardSessionTest extends ControlPlaneTest {

    record SignedIn(String cookie, String csrf) {}

    static SignedIn signIn(String token) {
        ControlPlane.Response r = send(HttpRequest.newBuilder(uri("/v2/session")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String setCookie = r.raw().headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/").doesNotContain(token);
        return new SignedIn(setCookie.substring(0, setCookie.indexOf(';')), r.json().get("csrf").asText());
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static ControlPlane.Response send(HttpRequest.Builder b) {
        return new ControlPlane.Client("http://127.0.0.1:" + server.port(), null).send(b.timeout(Duration.ofSeconds(60)));
    }

    static ControlPlane.Response post(SignedIn s, String path, String body, boolean withCsrf) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Cookie", s.cookie()).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (withCsrf) b.header("X-CSRF-Token", s.csrf());
        return send(b);
    }

    @Test
    void aWrongTokenIsRefusedInTheHubErrorShapeAndSetsNoCookie() {
        ControlPlane.Response r = send(HttpRequest.newBuilder(uri("/v2/session")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"nope\"}")));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("Invalid token");
        assertThat(r.raw().headers().firstValue("Set-Cookie")).isEmpty();
        ControlPlane.Response form = send(HttpRequest.newBuilder(uri("/v2/session"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=" + ControlPlane.ADMIN)));
        assertThat(form.status()).as("a cross-site form cannot sign a browser in").isEqualTo(415);
    }

    @Test
    void aStateChangingRequestWithTheCookieButWithoutTheCsrfHeaderIsRefusedAndChangesNothing() {
        SignedIn s = signIn(ControlPlane.ADMIN);
        String body = ControlPlane.sleeperBody("csrf-probe", "x");
        ControlPlane.Response refused = post(s, "/v2/endpoint/alice", body, false);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).contains("X-CSRF-Token");
        assertThat(api.get("/v2/endpoint/alice/csrf-probe").status()).isEqualTo(404);
        ControlPlane.Response wrong = send(HttpRequest.newBuilder(uri("/v2/endpoint/alice")).header("Cookie", s.cookie())
                .header("X-CSRF-Token", "forged").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(wrong.status()).isEqualTo(403);

        // Reads need no CSRF token; with it, the write goes through as the signed-in principal.
        ControlPlane.Response read = send(HttpRequest.newBuilder(uri("/v2/endpoint/alice")).header("Cookie", s.cookie()).GET());
        assertThat(read.status()).isEqualTo(200);
        assertThat(post(s, "/v2/endpoint/alice", body, true).status()).isEqualTo(202);
        assertThat(api.delete("/v2/endpoint/alice/csrf-probe").status()).isEqualTo(200);
    }

    @Test
    void signingOutOrRevokingTheTokenEndsTheSession() {
        JsonNode bob = api.post("/v2/tokens", "{\"namespace\":\"bob\",\"label\":\"session test\"}").json();
        SignedIn s = signIn(bob.get("token").asText());
        HttpRequest.Builder who = HttpRequest.newBuilder(uri("/v2/session")).header("Cookie", s.cookie()).GET();
        assertThat(send(who).json().get("namespace").asText()).isEqualTo("bob");
        assertThat(send(HttpRequest.newBuilder(uri("/v2/endpoint/alice")).header("Cookie", s.cookie()).GET()).status())
                .as("a namespace's session sees only its namespace").isEqualTo(403);
        assertThat(api.delete("/v2/tokens/" + bob.get("id").asText()).status()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(uri("/v2/endpoint/bob")).header("Cookie", s.cookie()).GET()).status()).isEqualTo(401);

        SignedIn admin = signIn(ControlPlane.ADMIN);
        ControlPlane.Response noCsrf = send(HttpRequest.newBuilder(uri("/v2/session")).header("Cookie", admin.cookie()).DELETE());
        assertThat(noCsrf.status()).as("no other site can sign a browser out").isEqualTo(403);
        ControlPlane.Response out = send(HttpRequest.newBuilder(uri("/v2/session")).header("Cookie", admin.cookie())
                .header("X-CSRF-Token", admin.csrf()).DELETE());
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.raw().headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(send(HttpRequest.newBuilder(uri("/v2/endpoint/alice")).header("Cookie", admin.cookie()).GET()).status()).isEqualTo(401);
    }

    @Test
    void theEventStreamNeedsATokenAndSendsAnEndpointsChangesAsTheyHappen() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/v2/events")).GET()).status()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(uri("/v2/events?namespace=alice"))
                .header("Authorization", "Bearer " + api.post("/v2/tokens", "{\"namespace\":\"carol\"}").json().get("token").asText())
                .GET()).status()).isEqualTo(403);

        ControlPlane.Response notSse = send(HttpRequest.newBuilder(uri("/v2/events"))
                .header("Authorization", "Bearer " + ControlPlane.ADMIN).GET());
        assertThat(notSse.status()).isEqualTo(406);
        assertThat(notSse.json().get("error").asText()).contains("Accept: text/event-stream");

        HttpResponse<InputStream> stream = ControlPlane.HTTP.send(HttpRequest.newBuilder(uri("/v2/events?namespace=alice"))
                .header("Authorization", "Bearer " + ControlPlane.ADMIN).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        StringBuilder seen = new StringBuilder();
        java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (seen) { seen.append(line).append('\n'); }
                    if (line.startsWith(":")) connected.countDown();
                    if (line.startsWith("event: deleted")) return;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(connected.await(60, TimeUnit.SECONDS)).isTrue(); // subscribed once its first comment is out
        assertThat(api.post("/v2/endpoint/alice", ControlPlane.sleeperBody("evented", "x")).status()).isEqualTo(202);
        assertThat(api.post("/v2/endpoint/alice/evented/pause", null).status()).isEqualTo(200);
        assertThat(api.delete("/v2/endpoint/alice/evented").status()).isEqualTo(200);
        reading.get(60, TimeUnit.SECONDS);
        String events = seen.toString();
        assertThat(events).contains("event: endpoint", "\"name\":\"evented\"", "\"state\":\"paused\"", "event: deleted");
        assertThat(events.indexOf("\"state\":\"paused\"")).isLessThan(events.indexOf("event: deleted"));
    }
}
