package dev.hearth.server.batch;

import dev.hearth.server.batch.BatchScheduling.Load;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner's rule: interactive requests first, free slots only, then at most the limit of lines per endpoint. */
class BatchSchedulingTest {

    /** One ready replica admitting 8, nothing waiting, {@code served} being served. */
    static Load warm(int batchInFlight, int served) {
        return new Load(batchInFlight, 0, 0, 1, 8, served);
    }

    @Test
    void aLineStartsWhileTheRunnerIsBelowItsLimitAndAReplicaHasRoom() {
        assertThat(BatchScheduling.mayStart(warm(0, 0), 2)).isTrue();
        assertThat(BatchScheduling.mayStart(warm(1, 1), 2)).isTrue();
    }

    @Test
    void noLineStartsOnceTheRunnerHasItsLimitInFlight() {
        assertThat(BatchScheduling.mayStart(warm(2, 2), 2)).isFalse();
        assertThat(BatchScheduling.mayStart(warm(3, 3), 2)).isFalse();
        assertThat(BatchScheduling.mayStart(Load.remote(2), 2)).as("a connection").isFalse();
        assertThat(BatchScheduling.mayStart(Load.remote(1), 2)).isTrue();
    }

    @Test
    void noLineStartsWhileAnInteractiveRequestWaitsEvenBelowTheLimit() {
        assertThat(BatchScheduling.mayStart(new Load(0, 1, 0, 1, 8, 0), 2)).as("one waits, slots free a moment").isFalse();
        assertThat(BatchScheduling.mayStart(new Load(1, 3, 1, 0, 8, 0), 4)).as("two interactive waiting in a cold start")
                .isFalse();
    }

    @Test
    void noLineTakesTheLastFreeSlotsFromInteractiveTrafficOnlyFreeOnes() {
        assertThat(BatchScheduling.mayStart(new Load(1, 0, 0, 1, 2, 2), 4)).as("the replica is full").isFalse();
        assertThat(BatchScheduling.mayStart(new Load(0, 0, 0, 2, 2, 3), 4)).as("one slot of four free").isTrue();
        assertThat(BatchScheduling.mayStart(new Load(1, 1, 1, 1, 2, 1), 4)).as("the free slot is the runner's waiting line's")
                .isFalse();
    }

    @Test
    void withNoReadyReplicaTheRunnersLinesMayWaitInTheColdStartBufferUpToTheLimit() {
        // Its own waiting lines are not interactive traffic, and sending is what wakes a scaled-to-zero endpoint.
        assertThat(BatchScheduling.mayStart(new Load(1, 1, 1, 0, 8, 0), 2)).isTrue();
        assertThat(BatchScheduling.mayStart(new Load(2, 2, 2, 0, 8, 0), 2)).isFalse();
        assertThat(BatchScheduling.mayStart(new Load(1, 0, 1, 0, 8, 0), 2)).as("counts read a moment apart").isTrue();
    }
}
