package dev.hearth.engine.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Everything one generation reported, gathered for assertions. */
public record Collected(List<GeneratedToken> tokens, GenerationResult result, GenerationEvent.Failed failure) {

    public static Collected drain(Generation generation) throws InterruptedException {
        List<GeneratedToken> tokens = new ArrayList<>();
        while (true) {
            GenerationEvent e = generation.next(Duration.ofSeconds(60));
            if (e == null) throw new AssertionError("no event within 60 s");
            switch (e) {
                case GenerationEvent.Token t -> {
                    tokens.add(t.token());
                    if (t.last()) return new Collected(tokens, t.result(), null);
                }
                case GenerationEvent.Failed f -> { return new Collected(tokens, null, f); }
            }
        }
    }

    public int[] ids() {
        return tokens.stream().mapToInt(GeneratedToken::id).toArray();
    }
}
