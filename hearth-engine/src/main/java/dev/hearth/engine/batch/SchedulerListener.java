package dev.hearth.engine.batch;

/** Observes the scheduler, for metrics. Called on the scheduler thread: implementations must not block. */
public interface SchedulerListener {

    /**
     * A decode step ran.
     *
     * @param sequences     sequences in the step
     * @param decodeTokens  entries that extended a generating sequence by one token
     * @param prefillTokens prompt entries
     */
    default void onStep(int sequences, int decodeTokens, int prefillTokens, long nanos, boolean success) {}

    /**
     * A request joined the batch; {@code reusedTokens} of its {@code promptTokens} came from the prompt cache
     * (0 on a miss).
     */
    default void onAdmit(int promptTokens, int reusedTokens) {}

    /** Waiting and active sequence counts changed. */
    default void onOccupancy(int waiting, int active) {}

    SchedulerListener NONE = new SchedulerListener() {};
}
