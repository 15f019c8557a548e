import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Replica processes, found the way a local user can: the server labels each with HEARTH_REPLICA_ID
 * ({@code <ns>.<name>.<n>}) and HEARTH_INSTALLATION in its environment, which /proc shows to the same user.
 */
final class Replicas {

    record Proc(long pid, String id, String installation, int port, Map<String, String> env) {
        /** {@code <ns>.<name>} of the endpoint the replica belongs to. */
        String endpoint() {
            int last = id.lastIndexOf('.');
            return last > 0 ? id.substring(0, last) : id;
        }

        boolean alive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        String commandLine() {
            try {
                return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
            } catch (IOException e) {
                return "";
            }
        }
    }

    private Replicas() {}

    static List<Proc> all() {
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            return dirs.filter(d -> d.getFileName().toString().matches("[0-9]+"))
                    .map(Replicas::read).filter(p -> p != null).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The live replicas of one endpoint. */
    static List<Proc> of(String namespace, String name) {
        String prefix = namespace + "." + name + ".";
        return all().stream().filter(p -> p.id().startsWith(prefix)).filter(Proc::alive).toList();
    }

    private static Proc read(Path dir) {
        Map<String, String> env = environment(dir);
        String id = env.get("HEARTH_REPLICA_ID");
        if (id == null) return null;
        int port = -1;
        try {
            port = Integer.parseInt(env.getOrDefault("PORT", "-1"));
        } catch (NumberFormatException e) {
            // a custom command may ignore PORT; the --port argument says it then
        }
        long pid = Long.parseLong(dir.getFileName().toString());
        Proc p = new Proc(pid, id, env.get("HEARTH_INSTALLATION"), port, env);
        if (port < 0) {
            String[] argv = p.commandLine().split(" ");
            for (int k = 0; k + 1 < argv.length; k++) if (argv[k].equals("--port")) port = Integer.parseInt(argv[k + 1]);
            p = new Proc(pid, id, p.installation(), port, env);
        }
        return p;
    }

    private static Map<String, String> environment(Path dir) {
        Map<String, String> env = new HashMap<>();
        try {
            for (String entry : Files.readString(dir.resolve("environ")).split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
            }
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            // another user's process, or one that just exited
        }
        return env;
    }

    /** SIGKILL, as {@code kill -9} would. */
    static boolean kill9(long pid) {
        try {
            return new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
