package dev.hearth.cli;

import dev.hearth.server.HearthServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code hearth server}: the control plane, its gateway and the provider of its replicas. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the control plane: the Inference Endpoints API, the gateway and the replicas, as local "
                + "worker processes or Kubernetes pods.")
public final class ServerCommand implements Callable<Integer> {

    @Mixin
    ServerSettings settings = new ServerSettings();

    @Mixin
    ProviderOptions provider = new ProviderOptions();

    @Override
    public Integer call() {
        HearthServer server = provider.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hearth-shutdown"));
        server.newAdminToken().ifPresent(token -> System.out.println("admin token (shown once): " + token));
        return 0;
    }
}
