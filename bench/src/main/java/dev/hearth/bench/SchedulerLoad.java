package dev.hearth.bench;

import dev.hearth.engine.batch.BatchScheduler;
import dev.hearth.engine.batch.Generation;
import dev.hearth.engine.batch.GenerationEvent;
import dev.hearth.engine.batch.GenerationRequest;
import dev.hearth.engine.batch.SchedulerListener;
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

    SchedulerLoad(LlamaLibrary lib, Path model, int contextPerSequence, int maxSequences, int batchSize, int threads,
                  int prefillChunk) {
        this.runtime = LlamaRuntime.open(lib, model, trained -> contextPerSequence, maxSequences, batchSize, threads);
        this.scheduler = new BatchScheduler(runtime, prefillChunk, SchedulerListener.NONE);
    }

    DecodeRate run(int[][] prompts, int tokens) throws InterruptedException {
        List<StreamTrace> traces = new ArrayList<>();
        List<Thread> consumers = new ArrayList<>();
        for (int[] prompt : prompts) {
            StreamTrace trace = new StreamTrace(tokens);
            traces.add(trace);
            Generation g = scheduler.submit(new GenerationRequest(prompt, SamplingParams.greedy(), tokens, List.of(), 0, false));
            consumers.add(Thread.ofVirtual().start(() -> drain(g, trace)));
        }
        for (Thread t : consumers) t.join();
        return DecodeRate.of(traces);
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
