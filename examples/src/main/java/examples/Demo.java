package examples;

import java.nio.file.Path;

/** Where `./hearth up` writes its demo model: $HEARTH_HOME (default ~/.hearth) /models. HEARTH_MODEL overrides. */
final class Demo {

    private Demo() {}

    static String model() {
        String explicit = System.getenv("HEARTH_MODEL");
        if (explicit != null && !explicit.isBlank()) return explicit;
        String home = System.getenv("HEARTH_HOME");
        Path base = home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".hearth") : Path.of(home);
        return base.resolve("models").resolve("hearth-demo-tiny-q8_0.gguf").toAbsolutePath().toString();
    }
}
