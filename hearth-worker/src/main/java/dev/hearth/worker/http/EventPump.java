package dev.hearth.worker.http;

import dev.hearth.engine.batch.Generation;
import dev.hearth.engine.batch.GenerationEvent;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Moves a generation's events into an SSE stream as they come, with TGI's keep-alive after 15 s of silence.
 *
 * <p>A client that disconnects is noticed on the next write; the generation is then cancelled, which frees its
 * batch slot and cache at the scheduler's next step.
 */
public final class EventPump {

    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    static final Duration STALL = Duration.ofMinutes(10);

    private EventPump() {}

    /**
     * Calls {@code onToken} for each token (the last one has a result) or {@code onFailure} once, then returns.
     *
     * @return false when the client went away (the generation has been cancelled)
     */
    public static boolean pump(Generation generation, SseStream sse,
                               Consumer<GenerationEvent.Token> onToken, Consumer<GenerationEvent.Failed> onFailure) {
        long silentSince = System.nanoTime();
        try {
            while (true) {
                GenerationEvent e = generation.next(KEEP_ALIVE);
                if (e == null) {
                    if (System.nanoTime() - silentSince > STALL.toNanos()) {
                        generation.cancel();
                        onFailure.accept(new GenerationEvent.Failed("no progress for " + STALL.toMinutes() + " minutes", false));
                        return true;
                    }
                    sse.keepAlive();
                    continue;
                }
                silentSince = System.nanoTime();
                switch (e) {
                    case GenerationEvent.Token t -> {
                        onToken.accept(t);
                        if (t.last()) return true;
                    }
                    case GenerationEvent.Failed f -> {
                        if (!f.cancelled()) onFailure.accept(f);
                        return !f.cancelled();
                    }
                }
            }
        } catch (SseStream.ClientGoneException gone) {
            generation.cancel();
            return false;
        } catch (InterruptedException ie) {
            generation.cancel();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
