package dev.hearth.server.gateway;

import java.net.URI;

/** A ready replica the gateway may send requests to. */
public record Backend(String replicaId, URI address) {}
