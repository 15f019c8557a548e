package dev.hearth.bench.embed;

import java.util.ArrayList;
import java.util.List;

/** Short English sentences of varied length (about 8–20 tokens), made deterministically. */
final class Sentences {

    private Sentences() {}

    private static final String[] SUBJECTS = {"A cat", "The committee", "Our quarterly revenue", "A small kitten",
            "The new database index", "Every morning the baker", "The central bank", "A hiking trail in the Alps"};
    private static final String[] VERBS = {"sits on", "rose above", "was compared with", "quietly rests near",
            "is documented alongside", "moved past"};
    private static final String[] OBJECTS = {"the mat", "analyst expectations for the third year running",
            "a warm rug by the fire", "the slow query log", "the old bridge over the river", "strong margins"};

    static List<String> make(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(SUBJECTS[i % SUBJECTS.length] + " " + VERBS[(i / 3) % VERBS.length] + " "
                    + OBJECTS[(i / 7) % OBJECTS.length] + (i % 2 == 0 ? "." : ", or so they say."));
        }
        return out;
    }
}
