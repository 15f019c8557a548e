package dev.hearth.server.batch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner's rule: interactive requests first, then at most the limit of batch lines per endpoint. */
class BatchSchedulingTest {

    @Test
    void aLineStartsWhileTheRunnerIsBelowItsLimitAndNobodyWaits() {
        assertThat(BatchScheduling.mayStart(0, 2, 0, 0)).isTrue();
        assertThat(BatchScheduling.mayStart(1, 2, 0, 0)).isTrue();
    }

    @Test
    void noLineStartsOnceTheRunnerHasItsLimitInFlight() {
        assertThat(BatchScheduling.mayStart(2, 2, 0, 0)).isFalse();
        assertThat(BatchScheduling.mayStart(3, 2, 0, 0)).isFalse();
    }

    @Test
    void noLineStartsWhileAnInteractiveRequestWaitsEvenBelowTheLimit() {
        assertThat(BatchScheduling.mayStart(0, 2, 1, 0)).isFalse();
        assertThat(BatchScheduling.mayStart(1, 4, 3, 1)).as("one of the runner's and two interactive waiting").isFalse();
    }

    @Test
    void theRunnersOwnWaitingLinesDoNotHoldItBack() {
        // During a cold start the runner's own lines wait in the buffer: they are not interactive traffic.
        assertThat(BatchScheduling.mayStart(1, 2, 1, 1)).isTrue();
        assertThat(BatchScheduling.mayStart(1, 2, 0, 1)).as("counts read a moment apart").isTrue();
    }
}
