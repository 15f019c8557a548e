package dev.hearth.server.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.endpoint.Desired;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.endpoint.EndpointState;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Measured cold starts and scaling schedules in the store, on a real SQLite file and a real PostgreSQL. */
class ColdStartRepositoryTest {

    static final EndpointId ID = new EndpointId("alice", "office");
    static final Instant NOW = Instant.parse("2026-03-30T06:00:00Z");

    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(TestStores.class)
    void theLatestMeasurementIsKeptPerEndpointAndOnlyForTheIncarnationThatMeasuredIt(TestStores stores) {
        ColdStartRepository coldStarts = new ColdStartRepository(stores.open(dir));
        assertThat(coldStarts.find(ID, "inc-a")).isEmpty();
        coldStarts.record(ID, "inc-a", Duration.ofMillis(8_616), NOW);
        coldStarts.record(ID, "inc-a", Duration.ofMillis(5_049), NOW.plusSeconds(60));
        assertThat(coldStarts.find(ID, "inc-a")).contains(Duration.ofMillis(5_049));
        // A re-created endpoint of the same name does not inherit it, and replaces it with its own.
        assertThat(coldStarts.find(ID, "inc-b")).isEmpty();
        coldStarts.record(ID, "inc-b", Duration.ofSeconds(3), NOW.plusSeconds(120));
        assertThat(coldStarts.find(ID, "inc-b")).contains(Duration.ofSeconds(3));
        assertThat(coldStarts.find(ID, "inc-a")).isEmpty();
        assertThat(coldStarts.find(new EndpointId("alice", "other"), "inc-b")).isEmpty();
        coldStarts.forget(ID);
        assertThat(coldStarts.find(ID, "inc-b")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestStores.class)
    void aScheduleAndItsTimezoneSurviveTheStore(TestStores stores) {
        EndpointRepository endpoints = new EndpointRepository(stores.open(dir), SecretBox.of(new byte[32]));
        List<EndpointSpec.ScheduleEntry> office = List.of(new EndpointSpec.ScheduleEntry("0 8 * * MON-FRI", 1),
                new EndpointSpec.ScheduleEntry("0 19 * * MON-FRI", 0));
        ObjectNode image = JsonNodeFactory.instance.objectNode();
        image.putObject("huggingface");
        EndpointSpec spec = new EndpointSpec("protected", null, new EndpointSpec.Provider("hearth", "local"),
                new EndpointSpec.Compute("cpu", "cpu", "x1", new EndpointSpec.Scaling(0, 2, 15, null, office, "Europe/Copenhagen")),
                new EndpointSpec.Model("org/model", "pytorch", null, "text-generation", image, null, null, null, null),
                null, null, null);
        endpoints.insert(new Endpoint(ID, "inc-a", spec, 1, Desired.ACTIVE, null, 0, 0,
                new Endpoint.Status(EndpointState.PENDING, "waiting", 0, 1), NOW, NOW, "alice", 0));
        EndpointSpec.Scaling stored = endpoints.find(ID).orElseThrow().spec().compute().scaling();
        assertThat(stored.schedule()).isEqualTo(office);
        assertThat(stored.timezone()).isEqualTo("Europe/Copenhagen");
        assertThat(stored.minReplica()).isZero();
    }
}
