package dev.hearth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.client.ConnectionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code hearth connections ...}: models served elsewhere (a Hugging Face Inference Endpoint, TGI, TEI, any
 * OpenAI-compatible server), added by their credential. Nothing here prints the key: the server never sends it back,
 * and a credential that cannot be read is reported by position only, since its text holds the key.
 */
@Command(name = "connections", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Add, list, check and remove connections to inference servers that Hearth does not run.",
        subcommands = {ConnectionsCommand.Add.class, ConnectionsCommand.Update.class, ConnectionsCommand.ListConnections.class,
                ConnectionsCommand.Test.class, ConnectionsCommand.Remove.class})
public final class ConnectionsCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "add", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = {"Add a connection from its credential JSON ({\"api_key\", \"endpoint\", \"model_name\", "
                    + "\"context_window\"}), read from --file or stdin.",
                    "The server checks it against its server first; a failed check exits 1 with the reason."})
    static class Add implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Spec CommandSpec spec;
        @Mixin ClientOptions client;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The credential JSON; - or none: stdin.")
        String file;

        @Option(names = "--name", description = "The connection's name (default: the credential's, else model_name's last segment).")
        String name;

        @Option(names = "--kind", description = "tgi, openai or tei (default: the credential's, else detected).")
        String kind;

        @Option(names = "--prompt-builder", paramLabel = "NAME", description = "The credential's prompt_builder, overridden.")
        String promptBuilder;

        @Override
        public Integer call() {
            return ExitCodes.run(spec, () -> {
                String credential = withOverrides(read());
                try (var c = client.connect()) {
                    new Output(spec).connection(send(c.api().connections(), credential), client.json, true);
                }
                return ExitCodes.OK;
            });
        }

        ConnectionInfo send(dev.hearth.client.Connections connections, String credential) {
            return connections.add(credential);
        }

        String read() throws IOException {
            if (file != null && !file.equals("-")) {
                try {
                    return Files.readString(Path.of(file));
                } catch (IOException e) {
                    throw new ExitCodes.UserException("cannot read " + file + ": "
                            + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
                }
            }
            if (System.console() != null) {
                spec.commandLine().getErr().println("Paste the credential JSON, then Ctrl-D:");
                spec.commandLine().getErr().flush();
            }
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }

        /** The credential as it is when nothing is overridden, so the server sees exactly what was pasted. */
        String withOverrides(String credential) {
            if (name == null && kind == null && promptBuilder == null) return credential;
            JsonNode json;
            try {
                json = JSON.readTree(credential);
            } catch (JsonProcessingException e) {
                // Jackson's message quotes the text, which holds the key: only the position is said.
                var at = e.getLocation();
                throw new ExitCodes.UserException("the credential is not valid JSON"
                        + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
            }
            if (!(json instanceof ObjectNode o)) throw new ExitCodes.UserException("the credential must be a JSON object");
            if (name != null) o.put("name", name);
            if (kind != null) o.put("kind", kind);
            if (promptBuilder != null) o.put("prompt_builder", promptBuilder);
            return o.toString();
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = {"Replace a connection's credential with the JSON from --file or stdin, checked again first "
                    + "(nothing changes when the check fails).", "Without api_key in it, the stored key is kept."})
    static final class Update extends Add {
        @Parameters(paramLabel = "NAME", description = "The connection to update (it cannot be renamed).")
        String target;

        @Override
        ConnectionInfo send(dev.hearth.client.Connections connections, String credential) {
            return connections.update(target, credential);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "List the namespace's connections and the state their last check found.")
    static final class ListConnections implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;

        @Override
        public Integer call() {
            return ExitCodes.run(spec, () -> {
                try (var c = client.connect()) {
                    new Output(spec).connections(c.api().connections().list(), client.json);
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = {"Check a connection against its server again; the server stores what it finds.",
                    "Exits 0 when ready or waking, 1 when the key was refused, 2 when the server is unreachable."})
    static final class Test implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            return ExitCodes.run(spec, () -> {
                ConnectionInfo info;
                try (var c = client.connect()) {
                    info = c.api().connections().test(name);
                }
                // The check's answer is a 200 whatever it found; scripts need the outcome in the exit code.
                int code = switch (info.state()) {
                    case "unauthorized" -> ExitCodes.USAGE;
                    case "unreachable" -> ExitCodes.SERVER;
                    default -> ExitCodes.OK;
                };
                // A failed check's reason goes to stderr, as every failure's does; a waking one's stays in the summary.
                new Output(spec).connection(info, client.json, code == ExitCodes.OK);
                if (code != ExitCodes.OK) {
                    spec.commandLine().getErr().println("hearth: " + info.lastError());
                    spec.commandLine().getErr().flush();
                }
                return code;
            });
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "Remove a connection; its model leaves /v1/models. The remote server is not touched.")
    static final class Remove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ClientOptions client;
        @Parameters(paramLabel = "NAME") String name;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (needed when stdin is not a terminal).")
        boolean yes;

        @Override
        public Integer call() {
            return ExitCodes.run(spec, () -> {
                if (!yes && !EndpointActions.confirmed(spec, "Remove connection " + name + "? [y/N] ",
                        "not removing " + name + " without confirmation; add --yes", "not removed")) {
                    return ExitCodes.USAGE;
                }
                try (var c = client.connect()) {
                    c.api().connections().remove(name);
                }
                if (client.json) new Output(spec).json(Map.of("name", name, "removed", true));
                else new Output(spec).line(name + ": removed");
                return ExitCodes.OK;
            });
        }
    }
}
