package dev.hearth.server.store;

import dev.hearth.server.PrivateFiles;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Encrypts values kept at rest (endpoint secrets, connections' API keys) with AES-256-GCM under the installation's
 * current key, and opens them under it or any previous key, so that keys can be rotated.
 *
 * <p>A sealed value is {@code enc:v2:<key id>:} followed by the base64 of a random 96-bit nonce and the ciphertext
 * with its 128-bit tag. The key id is the first 8 hex digits of a SHA-256 over the key: it names the key without
 * revealing it. Values sealed before key ids existed ({@code enc:v1:<base64>}) are opened by trying each key. A value
 * without the {@code enc:} prefix is a legacy plain value from before encryption: {@link #open} returns it as is. A
 * fresh nonce per value keeps nonce reuse out of reach (2^-96 per pair).
 *
 * <p>Keys: {@code HOME/secrets.key} holds one base64 key per line, the first the current one and the rest previous
 * ones (still able to open), created with mode 0600 on first start. {@code HEARTH_SECRETS_KEY} (base64 of 32 bytes),
 * when given, is the current key and every key of the file a previous one. Losing a key loses the values sealed
 * under it; keys are never logged.
 */
public final class SecretBox {

    public static final String PREFIX = "enc:v2:";
    static final String V1_PREFIX = "enc:v1:";
    public static final String KEY_FILE = "secrets.key";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** A sealed value that no key here can open: another key, a newer format, or altered bytes. */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** One key and its public id. */
    private record Key(String id, SecretKeySpec spec) {
        static Key of(byte[] raw) {
            if (raw.length != 32) throw new IllegalArgumentException("a secrets key is 32 bytes (AES-256), not " + raw.length);
            return new Key(idOf(raw), new SecretKeySpec(raw.clone(), "AES"));
        }
    }

    private final Key current;
    private final List<Key> previous;
    /** The key file to read again when a value names a key not held here (one added by a rotation); may be null. */
    private final Path keyFile;
    /** Keys found in the key file after start: they open values, never seal them (the current key stays until restart). */
    private final List<Key> learned = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();

    private SecretBox(Key current, List<Key> previous, Path keyFile) {
        this.current = current;
        this.previous = previous.stream().filter(k -> !k.id().equals(current.id())).distinct().toList();
        this.keyFile = keyFile;
    }

    private SecretBox(Key current, List<Key> previous) {
        this(current, previous, null);
    }

    public static SecretBox of(byte[] key) {
        return new SecretBox(Key.of(key), List.of());
    }

    /** A box sealing under {@code current} that still opens what {@code previous} keys sealed. */
    public static SecretBox of(byte[] current, List<byte[]> previous) {
        return new SecretBox(Key.of(current), previous.stream().map(Key::of).toList());
    }

    /**
     * The installation's box: the key from {@code envKey} (base64) when present, with the key file's keys as previous
     * ones; else the key file's keys, the file generated (0600) with one fresh key when absent. {@code home} must exist.
     */
    public static SecretBox forHome(Path home, Optional<String> envKey) {
        Path file = home.resolve(KEY_FILE);
        if (envKey.isPresent()) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(envKey.get().strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("HEARTH_SECRETS_KEY is not base64 (generate one with: openssl rand -base64 32)");
            }
            if (key.length != 32) {
                throw new IllegalArgumentException("HEARTH_SECRETS_KEY must decode to 32 bytes, not " + key.length
                        + " (generate one with: openssl rand -base64 32)");
            }
            List<Key> fromFile = Files.exists(file) ? readKeys(file).stream().map(Key::of).toList() : List.of();
            return new SecretBox(Key.of(key), fromFile, file);
        }
        List<byte[]> keys = keyFile(file);
        return new SecretBox(Key.of(keys.getFirst()), keys.subList(1, keys.size()).stream().map(Key::of).toList(), file);
    }

    /**
     * Puts a fresh key first in {@code home/secrets.key}; the keys there before stay as previous ones, so values sealed
     * under them (by this or a running server) still open. Returns the new box. The file is replaced atomically.
     */
    public static SecretBox rotate(Path home) {
        Path file = home.resolve(KEY_FILE);
        List<byte[]> keys = new ArrayList<>(keyFile(file));
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        keys.addFirst(fresh);
        writeKeys(file, keys);
        return new SecretBox(Key.of(fresh), keys.subList(1, keys.size()).stream().map(Key::of).toList(), file);
    }

    /** Keeps only the current key in {@code home/secrets.key}: after every value is sealed under it. */
    public static void dropPreviousKeys(Path home) {
        Path file = home.resolve(KEY_FILE);
        writeKeys(file, List.of(keyFile(file).getFirst()));
    }

    private static List<byte[]> keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                try {
                    PrivateFiles.createFile(file); // 0600 before the key is in it
                    Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII);
                    return List.of(fresh);
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: read theirs below
                }
            }
            return readKeys(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets key " + file, e);
        }
    }

    private static List<byte[]> readKeys(Path file) {
        List<byte[]> keys = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (line.isBlank()) continue;
                byte[] key = Base64.getDecoder().decode(line.strip());
                if (key.length != 32) throw new IllegalStateException(file + " holds a line that is not a 32-byte base64 key");
                keys.add(key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secrets key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " holds a line that is not base64", e);
        }
        if (keys.isEmpty()) throw new IllegalStateException(file + " holds no key");
        return keys;
    }

    private static void writeKeys(Path file, List<byte[]> keys) {
        StringBuilder text = new StringBuilder();
        for (byte[] k : keys) text.append(Base64.getEncoder().encodeToString(k)).append('\n');
        Path tmp = file.resolveSibling(KEY_FILE + ".new");
        try {
            Files.deleteIfExists(tmp);
            PrivateFiles.createFile(tmp);
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secrets key " + file, e);
        }
    }

    /** The current key's id: what new values are sealed under. */
    public String currentKeyId() {
        return current.id();
    }

    /** The ids of the previous keys, newest first. */
    public List<String> previousKeyIds() {
        return previous.stream().map(Key::id).toList();
    }

    /** {@code enc:v2:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>}; a different answer each call for the same value. */
    public String seal(String plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
            return PREFIX + current.id() + ":" + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** The plain value of a sealed one; a value that is not sealed (legacy, stored in clear) is returned as is. */
    public String open(String stored) {
        if (!isSealed(stored)) return stored;
        if (stored.startsWith(PREFIX)) {
            int colon = stored.indexOf(':', PREFIX.length());
            if (colon < 0) throw new Unreadable("a stored secret is damaged (no key id)");
            String id = stored.substring(PREFIX.length(), colon);
            Key key = find(id).or(() -> learn(id))
                    .orElseThrow(() -> new Unreadable("a stored secret is sealed under key " + id + ", which this installation "
                            + "does not hold (was HEARTH_SECRETS_KEY or " + KEY_FILE + " changed?)"));
            return decrypt(key, bytes(stored.substring(colon + 1)))
                    .orElseThrow(() -> new Unreadable("a stored secret is damaged: key " + id + " cannot open it"));
        }
        if (stored.startsWith(V1_PREFIX)) {
            byte[] bytes = bytes(stored.substring(V1_PREFIX.length()));
            for (Key k : keys()) {
                Optional<String> plain = decrypt(k, bytes);
                if (plain.isPresent()) return plain.get();
            }
            throw new Unreadable("a stored secret cannot be opened with this installation's keys "
                    + "(was HEARTH_SECRETS_KEY or " + KEY_FILE + " changed?)");
        }
        throw new Unreadable("a stored secret is sealed in a format this version does not know");
    }

    /** Whether {@code stored} is sealed under the current key (and so needs no re-sealing after a rotation). */
    public boolean isCurrent(String stored) {
        return stored != null && stored.startsWith(PREFIX + current.id() + ":");
    }

    /** The id of the key {@code stored} is sealed under: a key id, {@code "v1"} (before key ids) or {@code "plain"}. */
    public static String keyIdOf(String stored) {
        if (!isSealed(stored)) return "plain";
        if (stored.startsWith(PREFIX)) {
            int colon = stored.indexOf(':', PREFIX.length());
            return colon < 0 ? "damaged" : stored.substring(PREFIX.length(), colon);
        }
        return stored.startsWith(V1_PREFIX) ? "v1" : "unknown";
    }

    /** Whether {@code stored} is in a sealed format (of any version); plain legacy values are not. */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith("enc:");
    }

    private Optional<Key> find(String id) {
        if (id.equals(current.id())) return Optional.of(current);
        return java.util.stream.Stream.concat(previous.stream(), learned.stream()).filter(k -> k.id().equals(id)).findFirst();
    }

    /**
     * A key that {@code hearth secrets rotate} added to the key file while this server runs: read the file again, so
     * that values re-sealed under it still open here. Unknown ids cost one read each; the result is kept.
     */
    private synchronized Optional<Key> learn(String id) {
        Optional<Key> known = find(id);
        if (known.isPresent() || keyFile == null || !Files.exists(keyFile)) return known;
        for (byte[] raw : readKeys(keyFile)) {
            Key k = Key.of(raw);
            if (find(k.id()).isEmpty()) learned.add(k);
        }
        return find(id);
    }

    private List<Key> keys() {
        List<Key> all = new ArrayList<>(previous.size() + 1);
        all.add(current);
        all.addAll(previous);
        all.addAll(learned);
        return all;
    }

    private static byte[] bytes(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new Unreadable("a stored secret is damaged (not base64)");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) throw new Unreadable("a stored secret is damaged (too short)");
        return bytes;
    }

    /** The plain text, or empty when the tag does not match (another key, or altered bytes). */
    private static Optional<String> decrypt(Key key, byte[] bytes) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, Arrays.copyOf(bytes, NONCE_BYTES)));
            return Optional.of(new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** A public name for a key: 8 hex digits of SHA-256 over a fixed label and the key. */
    private static String idOf(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("hearth secrets key id\n".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest(key), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
