package dev.hearth.server.it;

import dev.hearth.server.HearthServer;

import java.nio.file.Path;

/** A control plane in its own JVM, for tests that kill it: {@code ServerProcess HOME PORT}. */
public final class ServerProcess {

    private ServerProcess() {}

    public static void main(String[] args) {
        HearthServer.start(ControlPlane.options(Path.of(args[0]), Integer.parseInt(args[1])));
    }
}
