package dev.hearth.server.provider.local;

import dev.hearth.server.PrivateFiles;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.provider.ReplicaLaunch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spawns worker processes: an environment built from scratch (see {@link #environment}), merged stdout/stderr
 * appended to the replica's log, stdin closed,
 * and (when {@code setsid} exists) a session of their own, so signals aimed at the control plane's terminal or process
 * group do not reach them. {@code setsid} execs the command in place (the JVM's child is never a group leader, so it
 * does not fork): the pid we record is the worker's.
 */
final class WorkerLauncher {

    /** The variable both workers read as their {@code --api-key}. */
    static final String API_KEY = "API_KEY";

    private final Path logsDir;
    private final String installation;
    private final Path setsid; // null: start workers in the control plane's session
    private final Map<String, String> passedThrough; // the allowed part of the control plane's environment
    private final ReplicaKeys keys;

    /** @param serverEnvironment the control plane's environment; only {@link ReplicaEnvironment}'s part is passed on */
    WorkerLauncher(Path logsDir, String installation, boolean newSession, Map<String, String> serverEnvironment,
                   ReplicaKeys keys) {
        this.logsDir = logsDir;
        this.installation = installation;
        this.setsid = newSession ? findSetsid() : null;
        this.passedThrough = Map.copyOf(ReplicaEnvironment.of(serverEnvironment));
        this.keys = keys;
    }

    /** {@code logsDir/<namespace>/<name>/<replicaId>.log}; names that could escape the folder are refused. */
    Path logFile(EndpointId endpoint, String replicaId) {
        return logsDir.resolve(segment(endpoint.namespace()))
                .resolve(segment(endpoint.name()))
                .resolve(segment(replicaId) + ".log");
    }

    /**
     * Creates the log's folders (0700) and the log itself (0600) before the worker appends to it: a replica's output
     * may show its environment, secrets included, so other users must not read it.
     */
    void prepareLog(Path logFile) throws IOException {
        PrivateFiles.createFolders(logsDir, logFile.getParent());
        PrivateFiles.ensureFile(logFile);
    }

    /** Starts {@code command} (already port-substituted); the log file's folder must exist. */
    Process spawn(ReplicaLaunch launch, List<String> command, int port, Path logFile) throws IOException {
        List<String> argv = new ArrayList<>();
        if (setsid != null) {
            argv.add(setsid.toString());
        }
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment(launch, port));
        Process process = builder.start();
        try {
            process.getOutputStream().close(); // the worker reads EOF; we hold no pipe to it
        } catch (IOException e) {
            // the pipe is gone either way
        }
        return process;
    }

    /**
     * The replica's whole environment: the allowed part of the server's, then the launch's own ({@code env},
     * {@code secrets}), then the launcher's variables, set last so that a launch can neither forge nor drop them:
     * {@code PORT}, {@code API_KEY} (the key the gateway sends; in the environment, not argv, because argv is visible
     * to every local user in {@code ps}) and the process labels. Nothing else of the server's environment.
     */
    Map<String, String> environment(ReplicaLaunch launch, int port) {
        Map<String, String> env = new HashMap<>(passedThrough);
        env.putAll(launch.env());
        env.put("PORT", Integer.toString(port));
        env.put(API_KEY, keys.keyFor(launch.replicaId()));
        env.put(ProcessLabels.REPLICA_ID, launch.replicaId());
        env.put(ProcessLabels.INSTALLATION, installation);
        return env;
    }

    /** The replica's key, as {@link #environment} sets it; the gateway sends it as {@code Authorization: Bearer}. */
    String apiKey(String replicaId) {
        return keys.keyFor(replicaId);
    }

    static void appendLine(Path logFile, String line) throws IOException {
        Files.writeString(logFile, line + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static String normaliseRoute(String route) {
        if (route == null || route.isBlank()) {
            return "/health";
        }
        return route.startsWith("/") ? route : "/" + route;
    }

    private static String segment(String name) {
        if (name == null || name.isBlank() || name.equals(".") || name.equals("..")
                || name.contains("/") || name.contains("\\") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("unsafe name for a log path: " + name);
        }
        return name;
    }

    private static Path findSetsid() {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        return null;
    }
}
