package dev.hearth.server;

import dev.hearth.hub.HubSettings;
import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.reconcile.Reconciler;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a control plane is started.
 *
 * @param home             where the database, replica logs and natives live
 * @param publicUrl        base URL clients reach this server at; empty means {@code http://localhost:<port>}
 * @param workerCommand    argv that runs {@code hearth worker} (java, its flags and classpath, then the command)
 * @param adminToken       a fixed administrator token (HEARTH_ADMIN_TOKEN); empty to generate one on first start
 * @param adminNamespace   the namespace administrators' whoami answers with
 * @param hub              the Hugging Face settings: the cache where Hub repository ids are looked up, offline mode
 *                          (read once from the environment by the command that starts the server)
 * @param secretsKey       the key that seals secrets at rest, base64 of 32 bytes (HEARTH_SECRETS_KEY); empty to use
 *                          {@code home/secrets.key}, generated on first start
 */
public record ServerOptions(
        Path home,
        String host,
        int port,
        Optional<String> publicUrl,
        List<String> workerCommand,
        Optional<String> adminToken,
        String adminNamespace,
        HubSettings hub,
        Reconciler.Settings reconciler,
        Autoscaler.Settings autoscaler,
        Optional<String> secretsKey) {

    public ServerOptions {
        workerCommand = List.copyOf(workerCommand);
    }

    /** Options whose secrets key is the home's {@code secrets.key}. */
    public ServerOptions(Path home, String host, int port, Optional<String> publicUrl, List<String> workerCommand,
                         Optional<String> adminToken, String adminNamespace, HubSettings hub,
                         Reconciler.Settings reconciler, Autoscaler.Settings autoscaler) {
        this(home, host, port, publicUrl, workerCommand, adminToken, adminNamespace, hub, reconciler, autoscaler,
                Optional.empty());
    }

    public ServerOptions withSecretsKey(Optional<String> key) {
        return new ServerOptions(home, host, port, publicUrl, workerCommand, adminToken, adminNamespace, hub, reconciler,
                autoscaler, key);
    }

    public ServerOptions withAdminToken(Optional<String> token) {
        return new ServerOptions(home, host, port, publicUrl, workerCommand, token, adminNamespace, hub, reconciler,
                autoscaler, secretsKey);
    }

    public Path database() {
        return home.resolve("hearth.db");
    }

    public Path logs() {
        return home.resolve("logs");
    }
}
