package dev.hearth.server.endpoint;

import dev.hearth.server.auth.Principal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where on this host a namespace token may point {@code model.repository}: only under the configured model folders
 * (by default the server home's {@code models/} and the Hugging Face cache). Anywhere else the request is refused
 * before the file system is touched, so the answer cannot tell an existing file from a missing one (otherwise
 * "is not a GGUF file" against "does not exist" would let any token probe the host). Administrators may name any
 * path. Hub ids are not paths (the server reads a relative path as a Hub id), so they are never refused here.
 *
 * @param roots absolute folders; a path must stay inside one of them after symbolic links are resolved
 */
public record ModelFolders(List<Path> roots) {

    public ModelFolders {
        roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** @throws LocalPathRefused when a namespace token names an absolute path outside {@link #roots()} */
    public void check(Principal caller, EndpointSpec spec) {
        if (caller.admin() || spec.model().customImage() != null) return;
        String repository = spec.model().repository();
        Path path;
        try {
            path = repository == null ? null : Path.of(repository);
        } catch (InvalidPathException e) {
            return; // not a path: the locator says why it is not a model either
        }
        if (path == null || !path.isAbsolute()) return;
        Path normal = path.normalize();
        if (!inside(normal) || !inside(real(normal))) {
            throw new LocalPathRefused("model.repository may name a local path only under "
                    + roots.stream().map(Path::toString).collect(Collectors.joining(" or "))
                    + " with a namespace token; use a Hub repository id, put the model there, or ask an administrator");
        }
    }

    private boolean inside(Path p) {
        return roots.stream().anyMatch(r -> p.startsWith(r) || p.startsWith(real(r)));
    }

    /** {@code p} with symbolic links resolved as far as it exists, so a link inside a root cannot lead out of it. */
    private static Path real(Path p) {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return p;
        try {
            return existing.toRealPath().resolve(existing.relativize(p)).normalize();
        } catch (IOException e) {
            return p;
        }
    }

    /** A local path a namespace token may not use (HTTP 403). */
    public static final class LocalPathRefused extends RuntimeException {
        public LocalPathRefused(String message) {
            super(message, null, false, false);
        }
    }
}
