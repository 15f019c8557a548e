package dev.hearth.cli;

import dev.hearth.client.BatchTimeoutException;
import dev.hearth.client.HearthConnectionException;
import dev.hearth.client.HearthHttpException;
import dev.hearth.client.InferenceEndpointException;
import dev.hearth.client.InferenceEndpointTimeoutException;
import picocli.CommandLine.Model.CommandSpec;

import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * The exit codes of the client commands (endpoints, connections, batch, generate, chat, embed), and the one place where SDK exceptions
 * become them. docs/cli.md documents the same table.
 *
 * <ul>
 *   <li>{@link #OK} 0: done;</li>
 *   <li>{@link #USAGE} 1: the command line or the request is wrong: unknown or missing options, a 4xx answer
 *       (not found, name taken, invalid input, no or wrong token), an endpoint with no URL to send to;</li>
 *   <li>{@link #SERVER} 2: the server failed or could not be reached: 5xx and 429 answers, connection refused, an
 *       endpoint that failed to deploy or update, a batch that expired or was cancelled;</li>
 *   <li>{@link #TIMEOUT} 3: waiting ran out of time (an endpoint that did not become ready, a batch that did not
 *       end, a request with no answer).</li>
 * </ul>
 */
final class ExitCodes {

    static final int OK = 0;
    static final int USAGE = 1;
    static final int SERVER = 2;
    static final int TIMEOUT = 3;

    private ExitCodes() {}

    /** Runs a command body; a known failure prints one line {@code hearth: <message>} and returns its code. */
    static int run(CommandSpec spec, Callable<Integer> body) {
        try {
            return body.call();
        } catch (Exception e) {
            int code = of(e);
            if (code < 0) throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            spec.commandLine().getErr().println("hearth: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return code;
        }
    }

    /** The code for a failure, or -1 when it is unexpected (a bug: its stack trace is what a report needs). */
    static int of(Throwable e) {
        return switch (e) {
            case InferenceEndpointTimeoutException t -> TIMEOUT;
            case BatchTimeoutException t -> TIMEOUT;
            case InferenceEndpointException f -> SERVER;
            case HearthConnectionException c -> c.timedOut() ? TIMEOUT : SERVER;
            case HearthHttpException h -> h.status() >= 400 && h.status() < 500 && h.status() != 429 ? USAGE : SERVER;
            case UserException u -> USAGE;
            case IllegalArgumentException i -> USAGE;
            case UncheckedIOException io -> SERVER;
            case IllegalStateException s -> SERVER; // the SDK's "unexpected answer from the server"
            default -> -1;
        };
    }

    /** A mistake of the user's that the command detected itself; its message says what to do instead. */
    static final class UserException extends RuntimeException {
        UserException(String message) {
            super(message);
        }
    }
}
