package dev.hearth.server.endpoint;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sizes this machine offers, and the engine threads a replica of each size gets: llama.cpp's threads spin at
 * barriers, so a replica may not hold every core unless the server was told no core is reserved.
 */
class HardwareTest {

    private static int threadsOf(Hardware h, String size) {
        return h.find(Hardware.VENDOR, Hardware.REGION, Hardware.ACCELERATOR, Hardware.INSTANCE_TYPE, size).orElseThrow().threads();
    }

    @Test
    void sizesDoubleUpToTheCoresWhateverIsReserved() {
        assertThat(new Hardware(8, 1, 16).computes()).extracting(Hardware.Compute::instanceSize).containsExactly("x1", "x2", "x4", "x8");
        assertThat(new Hardware(8, 0, 16).computes()).extracting(Hardware.Compute::instanceSize).containsExactly("x1", "x2", "x4", "x8");
    }

    @Test
    void aReplicaNeverGetsAThreadOnAReservedCore() {
        Hardware twoCores = new Hardware(2, 1, 4);
        assertThat(threadsOf(twoCores, "x1")).isEqualTo(1);
        assertThat(threadsOf(twoCores, "x2")).isEqualTo(1);

        Hardware eightCores = new Hardware(8, 1, 16);
        assertThat(threadsOf(eightCores, "x4")).isEqualTo(4);
        assertThat(threadsOf(eightCores, "x8")).isEqualTo(7);
    }

    @Test
    void withNothingReservedASizeGetsWhatItNames() {
        assertThat(threadsOf(new Hardware(2, 0, 4), "x2")).isEqualTo(2);
        assertThat(threadsOf(new Hardware(8, 0, 16), "x8")).isEqualTo(8);
    }

    @Test
    void aReplicaAlwaysGetsAtLeastOneThread() {
        assertThat(threadsOf(new Hardware(1, 1, 2), "x1")).isEqualTo(1);
        assertThat(threadsOf(new Hardware(2, 5, 4), "x2")).isEqualTo(1);
    }

    @Test
    void theCatalogueShowsTheCpusAReplicaReallyGets() {
        var computes = new Hardware(2, 1, 4).toJson().path("vendors").get(0).path("regions").get(0).path("computes");
        assertThat(computes.get(1).path("instanceSize").asText()).isEqualTo("x2");
        assertThat(computes.get(1).path("numCpus").asInt()).isEqualTo(1);
    }
}
