package dev.hearth.bench;

import dev.hearth.engine.batch.BatchScheduler;
import dev.hearth.engine.batch.Generation;
import dev.hearth.engine.batch.GenerationEvent;
import dev.hearth.engine.batch.GenerationRequest;
import dev.hearth.engine.batch.SchedulerListener;
import dev.hearth.engine.constraint.Constraint;
import dev.hearth.engine.llama.LlamaLibrary;
import dev.hearth.engine.llama.LlamaRuntime;
import dev.hearth.engine.sampling.SamplingParams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine as the worker uses it, without HTTP: greedy requests submitted to the continuous-batching
 * scheduler all at once, each drained by its own virtual thread that notes when every token arrives.
 */
final class SchedulerLoad implements AutoCloseable {

    private final LlamaRuntime runtime;
    private final BatchScheduler scheduler;
    private final ForwardTimer forward = new ForwardTimer();

    SchedulerLoad(LlamaLibrary lib, Path model, int contextPerSequence, int maxSequences, int batchSize, int threads,
                  int prefillChunk) {
        this.runtime = LlamaRuntime.open(lib, model, trained -> contextPerSequence, maxSequences, batchSize, threads);
        this.scheduler = new BatchScheduler(runtime, prefillChunk, forward);
    }

    /** Sums the time of decode-only steps (no prompt tokens) inside llama_decode; called on the scheduler thread. */
    private static final class ForwardTimer implements SchedulerListener {
        volatile long nanos, steps;

        @Override
        public void onStep(int sequences, int decodeTokens, int prefillTokens, long stepNanos, boolean success) {
            if (prefillTokens > 0) return;
            nanos += stepNanos;
            steps++;
        }
    }

    DecodeRate run(int[][] prompts, int tokens) throws InterruptedException {
        return run(prompts, tokens, null);
    }

    /** The model's tokens for {@code text}, with BOS as the model wants it. */
    int[] tokenize(String text) {
        return runtime.tokenize(text, true, false);
    }

    /** Compiles GBNF for this model (cached by text), for {@link #run(int[][], int, Constraint)}. */
    Constraint grammar(String gbnf) {
        return runtime.grammars().compile(gbnf);
    }

    /** As {@link #run(int[][], int)}, every stream under {@code constraint} (null: none). */
    DecodeRate run(int[][] prompts, int tokens, Constraint constraint) throws InterruptedException {
        long nanos0 = forward.nanos, steps0 = forward.steps;
        List<StreamTrace> traces = new ArrayList<>();
        List<Thread> consumers = new ArrayList<>();
        for (int[] prompt : prompts) {
            StreamTrace trace = new StreamTrace(tokens);
            traces.add(trace);
            Generation g = scheduler.submit(new GenerationRequest(prompt, SamplingParams.greedy(), tokens, List.of(), 0, false,
                    constraint));
            consumers.add(Thread.ofVirtual().start(() -> drain(g, trace)));
        }
        for (Thread t : consumers) t.join();
        long steps = forward.steps - steps0;
        return DecodeRate.of(traces).withForwardMillis(steps == 0 ? Double.NaN : (forward.nanos - nanos0) / 1e6 / steps);
    }

    private static void drain(Generation g, StreamTrace trace) {
        try {
            while (true) {
                GenerationEvent e = g.next(Duration.ofMinutes(5));
                long now = System.nanoTime();
                switch (e) {
                    case null -> {
                        trace.fail("no event for 5 minutes");
                        return;
                    }
                    case GenerationEvent.Token t -> {
                        trace.token(now);
                        if (t.last()) return;
                    }
                    case GenerationEvent.Failed f -> {
                        trace.fail(f.message());
                        return;
                    }
                }
            }
        } catch (InterruptedException ie) {
            trace.fail("interrupted");
        }
    }

    @Override
    public void close() {
        scheduler.close();
        runtime.close();
    }
}
