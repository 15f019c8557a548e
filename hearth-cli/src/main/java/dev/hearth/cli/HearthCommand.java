package dev.hearth.cli;

import dev.hearth.worker.WorkerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hearth} command: one binary, a subcommand per role. */
@Command(name = "hearth",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Self-hosted inference endpoints for Hugging Face models.",
        subcommands = {UpCommand.class, ServerCommand.class, WorkerCommand.class, TokensCommand.class, SecretsCommand.class,
                EndpointsCommand.class, ConnectionsCommand.class, BatchCommand.class, GenerateCommand.class, ChatCommand.class,
                EmbedCommand.class, CompletionCommand.class, DownloadCommand.class, FakeHubCommand.class, CommandLine.HelpCommand.class})
public final class HearthCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new HearthCommand())
                .setExecutionExceptionHandler(new FriendlyErrors())
                .execute(args);
        // On success a server command leaves its HTTP threads running, which keep the JVM alive; others just end.
        if (code != 0) System.exit(code);
    }
}
