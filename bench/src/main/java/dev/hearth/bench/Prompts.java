package dev.hearth.bench;

import java.util.List;

/**
 * Short distinct prompts, one per stream, in the words the test vocabulary knows (about 15–20 tokens each).
 * Greedy decoding on random weights rarely meets EOS; the benchmark checks the counts it actually got.
 */
final class Prompts {
    private Prompts() {}

    static final List<String> TEXTS = List.of(
            "Once upon a time there was a little cat who lived in a big house near the water",
            "The king and the queen had three sons and they all wanted to build a new home",
            "Hello my name is Tree and I like to read every story about the sun and the moon",
            "What does the mother of the boy say when he asks her for a red dog",
            "In the old land the men went to work each day and came back home at night",
            "She said that the green model will write a long answer to your first question",
            "We can play a small game if you help me find the blue picture of the earth",
            "They made a great animal out of light and air and gave it a name");

    static String forStream(int i) {
        return TEXTS.get(i % TEXTS.size());
    }
}
