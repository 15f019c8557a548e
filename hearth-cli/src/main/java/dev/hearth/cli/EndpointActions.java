package dev.hearth.cli;

import dev.hearth.client.InferenceEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/** The one-endpoint actions of {@code hearth endpoints}: pause, resume, scale-to-zero, delete, wait. */
final class EndpointActions {

    private EndpointActions() {}

    /** Runs an action on the named endpoint and prints the endpoint it leaves. */
    private static int act(CommandSpec spec, ClientOptions client, String name, UnaryOperator<InferenceEndpoint> action) {
        return ExitCodes.run(spec, () -> {
            try (var c = client.connect()) {
                new Output(spec).summary(action.apply(c.api().get(name)), client.json);
            }
            return ExitCodes.OK;
        });
    }

    /**
     * Asks {@code question} on the terminal; without one, fails with {@code refusal}, because a script that deletes
     * must say so ({@code --yes}) rather than hang on a prompt nobody sees.
     */
    static boolean confirmed(CommandSpec spec, String question, String refusal, String declined) throws IOException {
        if (System.console() == null) throw new ExitCodes.UserException(refusal);
        var err = spec.commandLine().getErr();
        err.print(question);
        err.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        boolean yes = answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
        if (!yes) err.println("hearth: " + declined);
        return yes;
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "Stop an endpoint's replicas and clear its URL; requests are refused until it is resumed.")
    static final class Pause implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            return act(spec, client, name, InferenceEndpoint::pause);
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "Start a paused, scaled-to-zero or failed endpoint again.")
    static final class Resume implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;
        @Parameters(paramLabel = "NAME") String name;

        @Option(names = "--fail-if-running", description = "Exit 1 when the endpoint is already running.")
        boolean failIfRunning;

        @Override
        public Integer call() {
            return act(spec, client, name, e -> e.resume(!failIfRunning));
        }
    }

    @Command(name = "scale-to-zero", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "Stop every replica but keep the URL; the next request wakes the endpoint.")
    static final class ScaleToZero implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            return act(spec, client, name, InferenceEndpoint::scaleToZero);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "Delete an endpoint, its replicas and its logs. Irreversible.")
    static final class Delete implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;
        @Parameters(paramLabel = "NAME") String name;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (needed when stdin is not a terminal).")
        boolean yes;

        @Override
        public Integer call() {
            return ExitCodes.run(spec, () -> {
                if (!yes && !confirmed(spec, "Delete endpoint " + name + "? This cannot be undone. [y/N] ",
                        "not deleting " + name + " without confirmation; add --yes", "not deleted")) {
                    return ExitCodes.USAGE;
                }
                try (var c = client.connect()) {
                    c.api().delete(name);
                }
                if (client.json) new Output(spec).json(java.util.Map.of("name", name, "deleted", true));
                else new Output(spec).line(name + ": deleted");
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "wait", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = {"Wait until an endpoint serves: running, with a URL whose health route answers 200.",
                    "Exits 2 when it fails to deploy or update, 3 when --timeout passes first."})
    static final class Wait implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;
        @Parameters(paramLabel = "NAME") String name;

        @Option(names = "--timeout", converter = Durations.class, paramLabel = "DURATION",
                description = "Give up after this long, e.g. 90s or 10m (default: wait for ever).")
        Duration timeout;

        @Option(names = "--every", converter = Durations.class, defaultValue = "1s", paramLabel = "DURATION",
                description = "How often to poll (default: ${DEFAULT-VALUE}).")
        Duration every;

        @Override
        public Integer call() {
            return act(spec, client, name, e -> e.waitUntilRunning(timeout, every));
        }
    }
}
