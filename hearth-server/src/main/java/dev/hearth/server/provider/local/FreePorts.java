package dev.hearth.server.provider.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks a free TCP port by binding port 0 and releasing it. Another process may take the port before the worker binds
 * it; that race is accepted: the worker then fails to bind and exits, and the reconciler starts a replacement.
 */
final class FreePorts {

    private FreePorts() {}

    static int pick(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }
}
