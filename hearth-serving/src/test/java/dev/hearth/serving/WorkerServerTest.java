package dev.hearth.serving;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    /** A runtime with one route, whose load waits for {@code release} and binds what {@code binder} binds. */
    private static final class TestRuntime {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean closed = new AtomicBoolean();
        final WorkerRuntime<AutoCloseable> runtime;

        TestRuntime(Consumer<Routes> binder) {
            runtime = new WorkerRuntime<>(List.of(RouteKey.post("/echo/<rest>")),
                    routes -> routes.before(ctx -> {
                        if ("no".equals(ctx.header("X-Key"))) {
                            ctx.status(401).result("");
                            ctx.skipRemainingHandlers();
                        }
                    }),
                    ctx -> ctx.status(503).result("{\"error\":\"loading\"}"),
                    routes -> {
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        binder.accept(routes);
                        return () -> closed.set(true);
                    });
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> send(int port, String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("hi"));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePortAnswers503WhileTheModelLoadsThenTheRuntimesRoutesServe() throws Exception {
        int port = freePort();
        TestRuntime runtime = new TestRuntime(routes -> routes.post("/echo/<rest>",
                ctx -> ctx.result(ctx.pathParam("rest") + ":" + ctx.body())));
        CompletableFuture<WorkerServer<AutoCloseable>> started = CompletableFuture.supplyAsync(() ->
                WorkerServer.start(new WorkerServer.Settings("127.0.0.1", port, 1000, false), runtime.runtime));
        awaitListening(port);

        assertThat(send(port, "GET", "/health").statusCode()).isEqualTo(503);
        assertThat(send(port, "GET", "/").body()).isEqualTo("{\"error\":\"loading\"}");
        assertThat(send(port, "POST", "/echo/a").statusCode()).isEqualTo(503);
        assertThat(send(port, "POST", "/unknown").statusCode()).isEqualTo(503);
        assertThat(send(port, "POST", "/echo/a", "X-Key", "no").statusCode())
                .as("the runtime's gate runs before the loading gate").isEqualTo(401);

        runtime.release.countDown();
        try (WorkerServer<AutoCloseable> server = started.get(30, TimeUnit.SECONDS)) {
            assertThat(server.ready()).isTrue();
            assertThat(send(port, "GET", "/health").statusCode()).isEqualTo(200);
            assertThat(send(port, "GET", "/ping").statusCode()).isEqualTo(200);
            HttpResponse<String> echo = send(port, "POST", "/echo/a");
            assertThat(echo.statusCode()).isEqualTo(200);
            assertThat(echo.body()).isEqualTo("a:hi");
            assertThat(send(port, "POST", "/unknown").statusCode()).isEqualTo(404);
        }
        assertThat(runtime.closed).as("closing the server closes the model").isTrue();
    }

    @Test
    void aLoadThatFailsClosesThePortAndThrowsItsOwnError() throws Exception {
        int port = freePort();
        TestRuntime runtime = new TestRuntime(routes -> {
            throw new IllegalArgumentException("no such model");
        });
        runtime.release.countDown();
        assertThatThrownBy(() -> WorkerServer.start(new WorkerServer.Settings("127.0.0.1", port, 1000, false), runtime.runtime))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no such model");
        assertThatThrownBy(() -> send(port, "GET", "/health")).isInstanceOf(ConnectException.class);
    }

    @Test
    void aHandlerForARouteThatWasNotDeclaredIsAProgrammingErrorCaughtAtStart() {
        TestRuntime runtime = new TestRuntime(routes -> routes.get("/undeclared", ctx -> ctx.result("")));
        runtime.release.countDown();
        assertThatThrownBy(() -> WorkerServer.start(new WorkerServer.Settings("127.0.0.1", 0, 1000, false), runtime.runtime))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("GET /undeclared is bound but not declared");
    }

    @Test
    void aDeclaredRouteLeftWithoutAHandlerFailsTheStartAndClosesTheModel() {
        TestRuntime runtime = new TestRuntime(routes -> {});
        runtime.release.countDown();
        assertThatThrownBy(() -> WorkerServer.start(new WorkerServer.Settings("127.0.0.1", 0, 1000, false), runtime.runtime))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("POST /echo/<rest>");
        assertThat(runtime.closed).isTrue();
    }

    private void awaitListening(int port) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            try {
                send(port, "GET", "/ping");
                return;
            } catch (Exception notYet) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("port " + port + " never opened");
    }
}
