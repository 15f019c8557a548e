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
        Autoscaler.Settings autoscaler) {

    public ServerOptions {
        workerCommand = List.copyOf(workerCommand);
    }

    public Path database() {
        return home.resolve("hearth.db");
    }

    public Path logs() {
        return home.resolve("logs");
    }
}
