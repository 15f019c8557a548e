package dev.hearth.server.provider.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The key each replica requires on its inference routes ({@code API_KEY}, which the workers read as their
 * {@code --api-key}), so that only the gateway, not any local user who sees the port in {@code ps}, reaches a model.
 *
 * <p>The key is derived, never stored: {@code base64url(HMAC-SHA256(installation secret, "hearth-replica-key:v1:" +
 * replicaId))}. Replicas outlive the control plane and the next start adopts them from their records, so the key must
 * be known again after a restart. Deriving it from the replica id (which the record keeps anyway) means there is
 * nothing new in the database to leak (hearth.db holds no key in clear), and a single secret to protect: the
 * installation secret, 32 random bytes generated on first start into a file readable by the server's user only
 * (0600). Deleting that file makes the next start generate a new secret; replicas still running from before then no
 * longer accept the gateway's key until they are restarted.
 */
public final class ReplicaKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaKeys.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final String CONTEXT = "hearth-replica-key:v1:";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final SecretKeySpec secret;

    private ReplicaKeys(byte[] secret) {
        this.secret = new SecretKeySpec(secret, ALGORITHM);
    }

    /** Reads the installation secret from {@code file}, generating it (mode 0600) on first use. */
    public static ReplicaKeys open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                create(file);
            }
            restrict(file);
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the replica-key secret " + file, e);
        }
    }

    /**
     * Reads a secret managed outside Hearth and shared by every control-plane instance (a Kubernetes Secret mounted
     * read-only into each pod): never created nor re-moded here, since the instances must all read the same bytes and
     * the mount cannot be written; refused when missing, and logged when anyone on the machine may read it.
     */
    public static ReplicaKeys provided(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the replica-key secret " + file + " (HEARTH_REPLICA_KEY_FILE) does not exist; "
                    + "create it with: openssl rand -base64 32 (in Kubernetes: the Secret hearth-replica-keys)");
        }
        try {
            if (posix(file) && Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("{} is readable by every user of this machine; mount it with mode 0400 or 0440", file);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the replica-key secret " + file, e);
        }
    }

    private static ReplicaKeys read(Path file) throws IOException {
        try {
            byte[] secret = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (secret.length < 32) {
                throw new IllegalStateException(file + " holds a replica-key secret shorter than 32 bytes; replace it "
                        + "with a new one (running replicas then need a restart)");
            }
            return new ReplicaKeys(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not a base64 replica-key secret; replace it with a new one "
                    + "(running replicas then need a restart)", e);
        }
    }

    /** Keys from a fixed secret, for tests. */
    static ReplicaKeys of(byte[] secret) {
        return new ReplicaKeys(secret.clone());
    }

    /** The key replica {@code replicaId} is started with and the gateway sends; the same for every start. */
    public String keyFor(String replicaId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            byte[] tag = mac.doFinal((CONTEXT + replicaId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "ReplicaKeys[secret hidden]";
    }

    private static void create(Path file) throws IOException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String text = Base64.getEncoder().encodeToString(secret) + "\n";
        // Created with its final mode, so it is never readable by others, not even for a moment.
        List<FileAttribute<?>> attrs = posix(file) ? List.of(PosixFilePermissions.asFileAttribute(OWNER_ONLY)) : List.of();
        try {
            Files.write(Files.createFile(file, attrs.toArray(FileAttribute[]::new)),
                    text.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.TRUNCATE_EXISTING);
            LOG.info("generated the replica-key secret {}", file);
        } catch (FileAlreadyExistsException raced) {
            // another start created it first: use theirs
        }
    }

    private static void restrict(Path file) throws IOException {
        if (posix(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            LOG.warn("{} was readable by others; restricting it to its owner (mode 0600)", file);
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
