package dev.hearth.server.auth;

import java.util.Optional;

/** Checks bearer tokens. Thread-safe. */
@FunctionalInterface
public interface TokenVerifier {

    /** The token's principal, or empty when the token is unknown. */
    Optional<Principal> verify(String token);
}
