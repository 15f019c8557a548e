package dev.hearth.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.endpoint.Desired;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.endpoint.EndpointState;
import dev.hearth.server.store.EndpointRepository;
import dev.hearth.server.store.SecretBox;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoreLocation;
import dev.hearth.server.store.TestStores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events of an instance that does not make the writes: two repositories over one real store stand for two
 * instances (the writer's listeners are not the reader's), and the reader's rescan is an hour away, so only the
 * revision watch can bring the writer's changes.
 */
class EndpointEventsTest {

    static final SecretBox BOX = SecretBox.of(new byte[32]);
    static final EndpointId ID = new EndpointId("alice", "e");
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(TestStores.class)
    void anInstanceWatchingRevisionsSendsTheChangesAnotherInstanceWritesAndTheirDeletes(TestStores stores) throws Exception {
        StoreLocation location = stores.location(dir);
        EndpointRepository writer = new EndpointRepository(Store.open(location), BOX);
        EndpointRepository reader = new EndpointRepository(Store.open(location), BOX);
        writer.insert(endpoint());
        try (EndpointEvents events = new EndpointEvents(id -> reader.find(id).map(EndpointEventsTest::view),
                () -> reader.all().stream().map(Endpoint::id).toList(), Duration.ofHours(1), Duration.ofMillis(100))) {
            events.watchRevisions(reader::revisions);
            try (EndpointEvents.Subscription s = events.subscribe(new Principal("alice", false))) {
                Endpoint stored = writer.find(ID).orElseThrow();
                assertThat(writer.replace(stored, stored.withStatus(
                        new Endpoint.Status(EndpointState.RUNNING, null, 1, 1), NOW))).isTrue();
                List<EndpointEvents.Event> seen = collect(s, 1);
                assertThat(seen).singleElement().satisfies(e -> {
                    assertThat(e.type()).isEqualTo("endpoint");
                    assertThat(e.data()).contains("\"state\":\"running\"");
                });

                assertThat(writer.delete(writer.find(ID).orElseThrow())).isTrue();
                assertThat(collect(s, 1)).singleElement().satisfies(e -> {
                    assertThat(e.type()).isEqualTo("deleted");
                    assertThat(e.data()).isEqualTo("{\"namespace\":\"alice\",\"name\":\"e\"}");
                });
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestStores.class)
    void withoutTheRevisionWatchAnotherInstancesWriteIsNotHeardBeforeTheRescan(TestStores stores) throws Exception {
        StoreLocation location = stores.location(dir);
        EndpointRepository writer = new EndpointRepository(Store.open(location), BOX);
        EndpointRepository reader = new EndpointRepository(Store.open(location), BOX);
        writer.insert(endpoint());
        try (EndpointEvents events = new EndpointEvents(id -> reader.find(id).map(EndpointEventsTest::view),
                () -> reader.all().stream().map(Endpoint::id).toList(), Duration.ofHours(1), Duration.ofMillis(100));
             EndpointEvents.Subscription s = events.subscribe(new Principal("alice", false))) {
            Endpoint stored = writer.find(ID).orElseThrow();
            writer.replace(stored, stored.withStatus(new Endpoint.Status(EndpointState.RUNNING, null, 1, 1), NOW));
            // The control case: it shows that the first test's events come from the watch, not from elsewhere.
            assertThat(s.next(Duration.ofSeconds(2))).isEmpty();
        }
    }

    /** Up to {@code n} events, waiting at most 30 s for each. */
    private static List<EndpointEvents.Event> collect(EndpointEvents.Subscription s, int n) throws InterruptedException {
        List<EndpointEvents.Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Optional<EndpointEvents.Event> e = s.next(Duration.ofSeconds(30));
            if (e.isEmpty()) break;
            out.add(e.get());
        }
        return out;
    }

    static ObjectNode view(Endpoint e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", e.id().name());
        o.putObject("status").put("state", e.status().state().name().toLowerCase());
        return o;
    }

    static Endpoint endpoint() {
        ObjectNode image = JsonNodeFactory.instance.objectNode();
        image.putObject("custom").put("url", "exec sleep 300");
        EndpointSpec spec = new EndpointSpec("public", null, new EndpointSpec.Provider("hearth", "local"),
                new EndpointSpec.Compute("cpu", "cpu", "x1", new EndpointSpec.Scaling(1, 1, null, null)),
                new EndpointSpec.Model("my-org/sleeper", "custom", null, "text-generation", image, Map.of(), null, null, null),
                null, null, null);
        return new Endpoint(ID, "inc-a", spec, 1, Desired.ACTIVE, null, 0, 0,
                new Endpoint.Status(EndpointState.PENDING, "Endpoint waiting to be scheduled", 0, 1), NOW, NOW, "alice", 0);
    }
}
