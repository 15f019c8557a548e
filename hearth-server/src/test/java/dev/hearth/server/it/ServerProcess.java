package dev.hearth.server.it;

import dev.hearth.server.HearthServer;
import dev.hearth.server.ServerOptions;
import dev.hearth.server.store.StoreLocation;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A control plane in its own JVM, for tests that kill it: {@code ServerProcess HOME PORT [POSTGRES_JDBC_URL]} (the
 * home's SQLite file without the URL).
 */
public final class ServerProcess {

    private ServerProcess() {}

    public static void main(String[] args) {
        ServerOptions options = ControlPlane.options(Path.of(args[0]), Integer.parseInt(args[1]));
        if (args.length > 2) options = options.withStore(new StoreLocation.Postgres(args[2], Optional.empty(), Optional.empty()));
        HearthServer.start(options);
    }
}
