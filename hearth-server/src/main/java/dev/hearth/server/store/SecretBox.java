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
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Encrypts values kept at rest (endpoint secrets; later, stored API keys) with AES-256-GCM under one installation key.
 *
 * <p>A sealed value is {@code enc:v1:} followed by the base64 of a random 96-bit nonce and the ciphertext with its
 * 128-bit tag. A value without the {@code enc:} prefix is a legacy plain value from before encryption: {@link #open}
 * returns it as is, and the next write seals it. A fresh nonce per value keeps nonce reuse out of reach (2^-96 per pair).
 *
 * <p>The key is {@code HEARTH_SECRETS_KEY} (base64 of 32 bytes) when given, else {@code HOME/secrets.key}, created
 * with mode 0600 on first start. Losing the key loses the sealed values; the key is never logged.
 */
public final class SecretBox {

    public static final String PREFIX = "enc:v1:";
    public static final String KEY_FILE = "secrets.key";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** A sealed value that this key cannot open: another key, a newer format, or altered bytes. */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private SecretBox(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("a secrets key is 32 bytes (AES-256), not " + key.length);
        this.key = new SecretKeySpec(key, "AES");
    }

    public static SecretBox of(byte[] key) {
        return new SecretBox(key.clone());
    }

    /**
     * The installation's box: the key from {@code envKey} (base64) when present, else from {@code home/secrets.key},
     * which is generated (0600) when absent. {@code home} must exist.
     */
    public static SecretBox forHome(Path home, Optional<String> envKey) {
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
            return new SecretBox(key);
        }
        return new SecretBox(keyFile(home.resolve(KEY_FILE)));
    }

    private static byte[] keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                try {
                    PrivateFiles.createFile(file); // 0600 before the key is in it
                    Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII);
                    return fresh;
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: read theirs below
                }
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (key.length != 32) throw new IllegalStateException(file + " does not hold a 32-byte base64 key");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not base64", e);
        }
    }

    /** {@code enc:v1:<base64(nonce ‖ ciphertext ‖ tag)>}; a different answer each call for the same value. */
    public String seal(String plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
            return PREFIX + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** The plain value of a sealed one; a value that is not sealed (legacy, stored in clear) is returned as is. */
    public String open(String stored) {
        if (!isSealed(stored)) return stored;
        if (!stored.startsWith(PREFIX)) {
            throw new Unreadable("a stored secret is sealed in a format this version does not know");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new Unreadable("a stored secret is damaged (not base64)");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) throw new Unreadable("a stored secret is damaged (too short)");
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOf(bytes, NONCE_BYTES)));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new Unreadable("a stored secret cannot be opened with this installation's key "
                    + "(was HEARTH_SECRETS_KEY or " + KEY_FILE + " changed?)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** Whether {@code stored} is in a sealed format (of any version); plain legacy values are not. */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith("enc:");
    }
}
