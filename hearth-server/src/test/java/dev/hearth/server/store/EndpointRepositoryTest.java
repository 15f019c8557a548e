package dev.hearth.server.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.endpoint.ConcurrentChangeException;
import dev.hearth.server.endpoint.Desired;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointService;
import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.endpoint.EndpointState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's guards against writes based on an older read, on a real SQLite file and a real PostgreSQL. */
class EndpointRepositoryTest {

    /** Secrets are sealed under a fixed test key. */
    private static final SecretBox BOX = SecretBox.of(new byte[32]);

    static final EndpointId ID = new EndpointId("alice", "e");
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(TestStores.class)
    void aWriteBasedOnAStaleReadIsRefusedAndTheNewerWriteIsKept(TestStores stores) {
        EndpointRepository repository = new EndpointRepository(stores.open(dir), BOX);
        repository.insert(endpoint("inc-a", "one"));
        Endpoint read = repository.find(ID).orElseThrow();

        assertThat(repository.replace(read, read.withSpec(spec("two"), read.status(), NOW))).isTrue();
        assertThat(repository.replace(read, read.withSpec(spec("three"), read.status(), NOW)))
                .as("a second write from the same read").isFalse();

        Endpoint stored = repository.find(ID).orElseThrow();
        assertThat(stored.spec().model().env()).containsEntry("MARK", "two");
        assertThat(stored.specVersion()).isEqualTo(2);
        assertThat(stored.revision()).isEqualTo(read.revision() + 1);
    }

    @ParameterizedTest
    @EnumSource(TestStores.class)
    void aStatusDecidedForADeletedIncarnationNeverLandsOnItsReCreatedNamesake(TestStores stores) {
        EndpointRepository repository = new EndpointRepository(stores.open(dir), BOX);
        repository.insert(endpoint("inc-a", "one"));
        Endpoint old = repository.find(ID).orElseThrow();
        assertThat(repository.delete(old)).isTrue();
        repository.insert(endpoint("inc-b", "two"));

        Endpoint.Status running = new Endpoint.Status(EndpointState.RUNNING, "Endpoint is ready", 1, 1);
        assertThat(repository.saveObserved(old, running, old.spec(), 1, 0, NOW)).isFalse();
        assertThat(repository.delete(old)).as("a delete of the old incarnation").isFalse();

        Endpoint stored = repository.find(ID).orElseThrow();
        assertThat(stored.incarnation()).isEqualTo("inc-b");
        assertThat(stored.status().state()).isEqualTo(EndpointState.PENDING);
        assertThat(stored.servingVersion()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestStores.class)
    void anUpdateThatLosesTheRaceForTheRowEveryTimeIsRefusedWithAConflictAndChangesNothing(TestStores stores) {
        Store store = stores.open(dir);
        EndpointRepository repository = new EndpointRepository(store, BOX);
        repository.insert(endpoint("inc-a", "one"));
        // Another control plane instance on the same store writes the row between every read and write of ours.
        EndpointService other = new EndpointService(new EndpointRepository(store, BOX), spec -> {},
                new dev.hearth.server.endpoint.CustomCommands(false), new dev.hearth.server.endpoint.ModelFolders(java.util.List.of()),
                () -> {}, Clock.systemUTC());
        EndpointService ours = new EndpointService(repository, spec -> other.pause(ID),
                new dev.hearth.server.endpoint.CustomCommands(true), new dev.hearth.server.endpoint.ModelFolders(java.util.List.of()),
                () -> {}, Clock.systemUTC());

        assertThatThrownBy(() -> ours.update(new dev.hearth.server.auth.Principal("alice", true), ID, JsonNodeFactory.instance.objectNode()
                .set("model", JsonNodeFactory.instance.objectNode()
                        .set("env", JsonNodeFactory.instance.objectNode().put("MARK", "ours")))))
                .isInstanceOf(ConcurrentChangeException.class)
                .hasMessageContaining("changed concurrently").hasMessageContaining("retry");
        assertThat(repository.find(ID).orElseThrow().spec().model().env()).containsEntry("MARK", "one");
    }

    static Endpoint endpoint(String incarnation, String mark) {
        return new Endpoint(ID, incarnation, spec(mark), 1, Desired.ACTIVE, null, 0, 0,
                new Endpoint.Status(EndpointState.PENDING, "Endpoint waiting to be scheduled", 0, 1), NOW, NOW, "alice", 0);
    }

    static EndpointSpec spec(String mark) {
        ObjectNode image = JsonNodeFactory.instance.objectNode();
        image.putObject("custom").put("url", "exec sleep 300");
        return new EndpointSpec("public", null, new EndpointSpec.Provider("hearth", "local"),
                new EndpointSpec.Compute("cpu", "cpu", "x1", new EndpointSpec.Scaling(1, 1, null, null)),
                new EndpointSpec.Model("my-org/sleeper", "custom", null, "text-generation", image, Map.of("MARK", mark),
                        null, null, null),
                null, null, null);
    }
}
