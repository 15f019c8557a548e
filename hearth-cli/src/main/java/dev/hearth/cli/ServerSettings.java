package dev.hearth.cli;

import dev.hearth.hub.HubSettings;
import dev.hearth.server.ServerOptions;
import dev.hearth.server.store.StoreLocation;
import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.reconcile.Reconciler;
import dev.hearth.worker.WorkerCommand;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Options shared by {@code hearth server} and {@code hearth up}. */
final class ServerSettings {

    @Option(names = {"-p", "--port"}, defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--hostname", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--home", defaultValue = "${env:HEARTH_HOME:-${sys:user.home}/.hearth}",
            description = "Where Hearth keeps its database, logs and models (default: $HEARTH_HOME or ~/.hearth).")
    Path home;

    @Option(names = "--public-url", description = "Base URL clients reach this server at (default: http://localhost:PORT).")
    String publicUrl;

    @Option(names = "--namespace", defaultValue = "hearth", description = "The administrator's namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--scale-down-window", defaultValue = "60s",
            description = "How long lower load must last before replicas are removed (default: ${DEFAULT-VALUE}).")
    String scaleDownWindow;

    @Option(names = "--allow-custom-commands",
            description = "Let administrators create endpoints with model.image.custom, whose url runs as a shell "
                    + "command on this machine (default: off, or $HEARTH_ALLOW_CUSTOM_COMMANDS=true). "
                    + "Namespace tokens may never create them.")
    boolean allowCustomCommands;

    @Option(names = "--reserved-cores", defaultValue = "${env:HEARTH_RESERVED_CORES:-1}",
            description = "Cores no replica's engine may put a thread on, left to the control plane, other replicas and "
                    + "the rest of the machine (default: ${DEFAULT-VALUE}, or $HEARTH_RESERVED_CORES). A replica gets the "
                    + "threads its instance size names, at most the cores less these, at least one. 0 suits a host that "
                    + "runs a single replica and nothing else: quiet, it is up to twice as fast on 2 cores; with any "
                    + "competition for a core, many times slower (docs/benchmarks.md).")
    int reservedCores;

    @Option(names = "--store", defaultValue = "${env:HEARTH_STORE:-sqlite}",
            description = "The store: sqlite (the home's hearth.db, default) or jdbc:postgresql://HOST[:PORT]/DB, which "
                    + "several instances may share (user and password from the URL, PGUSER/PGPASSWORD or "
                    + "--store-password-file). Env: HEARTH_STORE.")
    String store;

    @Option(names = "--store-password-file", description = "A file holding the PostgreSQL password (first line).")
    Path storePasswordFile;

    /** The server's options; this process's environment is read here, once, and handed to the server whole. */
    ServerOptions options() {
        return options(workerCommand());
    }

    /** The same, with replicas started by {@code workerCommand} (the image's {@code hearth worker} in a pod). */
    ServerOptions options(List<String> workerCommand) {
        Map<String, String> env = System.getenv();
        Autoscaler.Settings a = Autoscaler.Settings.defaults();
        return new ServerOptions(home.toAbsolutePath(), host, port, Optional.ofNullable(publicUrl), workerCommand,
                Optional.ofNullable(env.get("HEARTH_ADMIN_TOKEN")).filter(t -> !t.isBlank()), namespace,
                HubSettings.fromEnvironment(env, Path.of(System.getProperty("user.home"))), Reconciler.Settings.defaults(),
                new Autoscaler.Settings(a.targetInFlightPerReplica(), Durations.parse(scaleDownWindow), a.minute(), a.defaultScaleToZero()),
                allowCustomCommands(env), env,
                Optional.ofNullable(env.get("HEARTH_SECRETS_KEY")).filter(k -> !k.isBlank()), reservedCores,
                StoreLocation.parse(Optional.ofNullable(store), env, storePassword()));
    }

    private Optional<String> storePassword() {
        if (storePasswordFile == null) return Optional.empty();
        try {
            return Files.readAllLines(storePasswordFile).stream().findFirst().map(String::strip);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read --store-password-file " + storePasswordFile + ": " + e.getMessage());
        }
    }

    /** The flag, or {@code HEARTH_ALLOW_CUSTOM_COMMANDS=true} (also 1 or yes) in the environment. */
    boolean allowCustomCommands(Map<String, String> env) {
        String value = env.getOrDefault("HEARTH_ALLOW_CUSTOM_COMMANDS", "").strip().toLowerCase(java.util.Locale.ROOT);
        return allowCustomCommands || value.equals("true") || value.equals("1") || value.equals("yes");
    }

    /** Workers run on this same JVM build and classpath, so a replica is exactly the {@code hearth worker} of this install. */
    static List<String> workerCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss8m", "-cp", System.getProperty("java.class.path"),
                WorkerCommand.class.getName());
    }

    /** Durations as people write them: 500ms, 30s, 5m, 1h. */
    static final class Durations {
        static Duration parse(String text) {
            String t = text.strip().toLowerCase();
            try {
                if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
                if (t.endsWith("s")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
                if (t.endsWith("m")) return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
                if (t.endsWith("h")) return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            } catch (NumberFormatException ignored) {
                // fall through to the error below
            }
            throw new IllegalArgumentException("not a duration: \"" + text + "\" (write e.g. 500ms, 30s, 5m, 1h)");
        }
    }
}
