package dev.hearth.server.it;

import dev.hearth.server.HearthServer;
import dev.hearth.server.ServerOptions;
import dev.hearth.server.store.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * Base of the end-to-end tests: one control plane per test class, in its own home, with the tests' model; afterwards
 * every endpoint is deleted and the test waits until no replica of the namespace is left running.
 */
abstract class ControlPlaneTest {

    @TempDir static Path home;
    static HearthServer server;
    static ControlPlane.Client api;
    static Path model;

    @BeforeAll
    static void startControlPlane(TestInfo test) {
        model = ControlPlane.model(home);
        ServerOptions options = ControlPlane.options(home, 0);
        // A subclass marked @OnPostgres runs the same tests on a fresh database of a real PostgreSQL server.
        if (test.getTestClass().orElseThrow().isAnnotationPresent(OnPostgres.class)) {
            options = options.withStore(TestStores.POSTGRESQL.location(home));
        }
        server = HearthServer.start(options);
        api = ControlPlane.client(server);
    }

    @AfterAll
    static void stopControlPlane() {
        api.get("/v2/endpoint/alice").json().path("items")
                .forEach(e -> api.delete("/v2/endpoint/alice/" + e.get("name").asText()));
        await().atMost(Duration.ofSeconds(30)).until(() -> ControlPlane.replicaProcesses("alice.", home).isEmpty());
        server.close();
    }
}
