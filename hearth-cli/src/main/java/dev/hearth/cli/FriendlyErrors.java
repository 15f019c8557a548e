package dev.hearth.cli;

import dev.hearth.engine.ModelNotFoundException;
import dev.hearth.engine.llama.ModelLoadException;
import dev.hearth.engine.llama.NativeLibraryException;
import picocli.CommandLine;

/**
 * Known failures print one clear line and exit 1; anything else keeps its stack trace, because then the trace is
 * what a bug report needs.
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof ModelNotFoundException || e instanceof ModelLoadException
                || e instanceof NativeLibraryException || e instanceof IllegalArgumentException
                || e instanceof dev.hearth.server.endpoint.InvalidEndpointException
                || e instanceof io.javalin.util.JavalinBindException
                || e instanceof dev.hearth.kubernetes.ClusterUnreachableException) {
            cmd.getErr().println("hearth: " + e.getMessage());
            return 1;
        }
        cmd.getErr().println("hearth: unexpected error");
        e.printStackTrace(cmd.getErr());
        return 1;
    }
}
