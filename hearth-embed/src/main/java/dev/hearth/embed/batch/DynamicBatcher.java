package dev.hearth.embed.batch;

import dev.hearth.embed.engine.HiddenStates;
import dev.hearth.embed.engine.OnnxEncoder;
import dev.hearth.embed.engine.Tokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.BiConsumer;

/**
 * Cross-request batching: inputs from all requests wait in one queue, and one loop thread runs them through the
 * encoder together.
 *
 * <p>The loop blocks for the first waiting job, then takes whatever else is already waiting as far as
 * {@link BatchLimits#take} allows, and runs that batch. It never waits on purpose to fill a batch: while one batch
 * runs, the next one forms by itself, so a lone request pays no added latency and concurrent ones share calls.
 * Invariant: the encoder is only called from the loop thread, one batch at a time.
 */
public final class DynamicBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DynamicBatcher.class);

    private final OnnxEncoder encoder;
    private final BatchLimits limits;
    private final BiConsumer<Integer, Integer> onBatch;
    private final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    private final Thread loop;
    private volatile boolean open = true;

    /** @param onBatch told (rows, padded tokens) of each batch before it runs, for metrics */
    public DynamicBatcher(OnnxEncoder encoder, BatchLimits limits, BiConsumer<Integer, Integer> onBatch) {
        this.encoder = encoder;
        this.limits = limits;
        this.onBatch = onBatch;
        this.loop = Thread.ofPlatform().name("hearth-embed-batcher").daemon().start(this::run);
    }

    public Job submit(Tokens tokens, java.util.function.BiFunction<HiddenStates, Integer, float[][]> extract) {
        Job job = Job.of(tokens, extract);
        if (!open) throw new IllegalStateException("the batcher is closed");
        queue.add(job);
        return job;
    }

    public int queued() {
        return queue.size();
    }

    private void run() {
        while (open) {
            List<Job> batch;
            try {
                batch = next();
            } catch (InterruptedException e) {
                break;
            }
            runBatch(batch);
        }
        failPending();
    }

    private List<Job> next() throws InterruptedException {
        Job first = queue.take();
        List<Job> batch = new ArrayList<>();
        batch.add(first);
        List<Integer> lengths = new ArrayList<>();
        lengths.add(first.tokens().length());
        // Jobs that arrived meanwhile, in order, for as long as the limits allow.
        for (Job waiting : queue) {
            lengths.add(waiting.tokens().length());
            if (lengths.size() > limits.maxBatchRequests() || limits.take(lengths) < lengths.size()) break;
            batch.add(waiting);
        }
        for (int i = 1; i < batch.size(); i++) queue.poll(); // only this thread removes, so the head is batch[i]
        return batch;
    }

    private void runBatch(List<Job> batch) {
        int longest = batch.stream().mapToInt(j -> j.tokens().length()).max().orElse(0);
        onBatch.accept(batch.size(), longest * batch.size());
        long started = System.nanoTime();
        try {
            HiddenStates hidden = encoder.run(batch.stream().map(Job::tokens).toList());
            long inference = System.nanoTime() - started;
            for (int row = 0; row < batch.size(); row++) {
                Job job = batch.get(row);
                job.result().complete(new Job.Done(job.extract().apply(hidden, row), started - job.enqueued(), inference));
            }
        } catch (RuntimeException e) {
            log.error("embedding batch of {} failed", batch.size(), e);
            batch.forEach(job -> job.result().completeExceptionally(e));
        }
    }

    private void failPending() {
        Job job;
        while ((job = queue.poll()) != null) job.result().completeExceptionally(new IllegalStateException("shutting down"));
    }

    @Override
    public void close() {
        open = false;
        loop.interrupt();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failPending();
    }
}
