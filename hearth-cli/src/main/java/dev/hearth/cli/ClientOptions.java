package dev.hearth.cli;

import dev.hearth.client.HearthConfig;
import dev.hearth.client.InferenceEndpoint;
import dev.hearth.client.InferenceEndpoints;
import dev.hearth.client.inference.InferenceClient;
import picocli.CommandLine.Option;

/**
 * The options every client command shares: where the server is, the token, the namespace and the output format.
 * Unset, the server and token come from {@code HEARTH_URL} and {@code HEARTH_TOKEN} (then {@code HF_TOKEN} and the
 * Hugging Face token file), read when the command runs.
 */
final class ClientOptions {

    @Option(names = "--url", paramLabel = "URL",
            description = "The Hearth server (default: $HEARTH_URL, else " + HearthConfig.DEFAULT_URL + ").")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The API token (default: $HEARTH_TOKEN, else $HF_TOKEN, else the Hugging Face token file).")
    String token;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "The namespace (default: the token's own).")
    String namespace;

    @Option(names = "--json", description = "Print JSON for scripts instead of text for people.")
    boolean json;

    /** A connection to the server; close it when done. */
    Connection connect() {
        InferenceEndpoints root = new InferenceEndpoints(HearthConfig.resolve(url, token));
        return new Connection(root, namespace == null ? root : root.inNamespace(namespace));
    }

    /** The server connection and the view scoped to the chosen namespace. */
    record Connection(InferenceEndpoints root, InferenceEndpoints api) implements AutoCloseable {

        /**
         * A client for {@code target}: an {@code http(s)://} URL as it is, else the URL of the endpoint of that name.
         */
        InferenceClient client(String target) {
            if (target.startsWith("http://") || target.startsWith("https://")) return root.client(target);
            InferenceEndpoint e = api.get(target);
            if (e.url().isEmpty()) {
                throw new ExitCodes.UserException("endpoint " + target + " is " + e.status()
                        + " and has no URL yet; " + (e.status().wire().equals("paused")
                        ? "resume it: hearth endpoints resume " + target
                        : "wait for it: hearth endpoints wait " + target));
            }
            return e.client();
        }

        @Override
        public void close() {
            root.close();
        }
    }
}
