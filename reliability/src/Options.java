import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options; every suite reads the ones it needs, with its own defaults. */
final class Options {

    private final Map<String, String> values = new HashMap<>();

    static Options parse(String[] args, int from) {
        Options o = new Options();
        for (int k = from; k < args.length; k++) {
            String a = args[k];
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument: " + a);
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                o.values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (k + 1 < args.length && !args[k + 1].startsWith("--")) {
                o.values.put(name, args[++k]);
            } else {
                o.values.put(name, "true");
            }
        }
        return o;
    }

    String get(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    String get(String name) {
        return values.get(name);
    }

    int integer(String name, int otherwise) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : otherwise;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    void set(String name, String value) {
        values.put(name, value);
    }

    String url() {
        return get("url", System.getenv().getOrDefault("HEARTH_URL", "http://localhost:8080"));
    }

    String token() {
        String t = get("token", System.getenv("HEARTH_TOKEN"));
        if (t == null) t = System.getenv("HEARTH_ADMIN_TOKEN");
        if (t == null) throw new IllegalArgumentException("--token ADMIN_TOKEN is required (or HEARTH_TOKEN)");
        return t;
    }

    /** The demo model that {@code hearth up} writes into its home (HEARTH_HOME or ~/.hearth), unless --model says otherwise. */
    String model() {
        String home = System.getenv("HEARTH_HOME");
        Path dir = home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".hearth");
        return get("model", dir.resolve("models").resolve("hearth-demo-tiny-q8_0.gguf").toString());
    }
}
