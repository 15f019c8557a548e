package dev.hearth.server.auth;

/** Who a token belongs to: a namespace, or an administrator who may act on every namespace. */
public record Principal(String namespace, boolean admin) {

    public boolean mayAccess(String ns) {
        return admin || namespace.equals(ns);
    }
}
