package dev.hearth.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code hearth endpoints ...}: the Inference Endpoints API from the terminal. */
@Command(name = "endpoints", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Create, list, inspect and manage inference endpoints.",
        subcommands = {EndpointCreateCommand.class, EndpointsCommand.ListEndpoints.class, EndpointsCommand.Describe.class,
                EndpointActions.Pause.class, EndpointActions.Resume.class, EndpointActions.ScaleToZero.class,
                EndpointUpdateCommand.class, EndpointActions.Delete.class, EndpointActions.Wait.class,
                EndpointsCommand.Logs.class})
public final class EndpointsCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "List endpoints: of the namespace, or with --all of every namespace the token can see.")
    static final class ListEndpoints implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;

        @Option(names = "--all", description = "Every namespace the token can see.")
        boolean all;

        @Override
        public Integer call() {
            return ExitCodes.run(spec, () -> {
                try (var c = client.connect()) {
                    new Output(spec).endpoints(all ? c.api().listAll() : c.api().list(), client.json, all);
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "Show one endpoint.")
    static final class Describe implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            return ExitCodes.run(spec, () -> {
                try (var c = client.connect()) {
                    new Output(spec).endpoint(c.api().get(name), client.json);
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "Print the recent log lines of an endpoint's replicas.")
    static final class Logs implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;
        @Parameters(paramLabel = "NAME") String name;

        @Option(names = "--tail", defaultValue = "200", description = "How many lines at most (default: ${DEFAULT-VALUE}).")
        int tail;

        @Override
        public Integer call() {
            return ExitCodes.run(spec, () -> {
                try (var c = client.connect()) {
                    String text = c.api().logs(name, tail);
                    var out = spec.commandLine().getOut();
                    out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
                    out.flush();
                }
                return ExitCodes.OK;
            });
        }
    }
}
