package dev.hearth.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.ServerJson;
import dev.hearth.server.endpoint.Desired;
import dev.hearth.server.endpoint.Endpoint;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointSpec;
import dev.hearth.server.endpoint.EndpointState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SecretBox} and the endpoint store's secrets, on real SQLite files. */
public class SecretsAtRestTest {

    public static final EndpointId ID = new EndpointId("alice", "legacy");

    public static Endpoint endpoint(Map<String, String> secrets) {
        EndpointSpec spec = new EndpointSpec("private", null, new EndpointSpec.Provider("hearth", "local"),
                new EndpointSpec.Compute("cpu", "cpu", "x1", new EndpointSpec.Scaling(0, 1, null, null)),
                new EndpointSpec.Model("/models/x.gguf", "pytorch", null, "text-generation", null, Map.of("PLAIN", "env"),
                        secrets, null, null),
                null, null, null);
        Instant now = Instant.now();
        return new Endpoint(ID, Endpoint.newIncarnation(), spec, 1, Desired.ACTIVE, null, 0, 0,
                new Endpoint.Status(EndpointState.PENDING, null, 0, 0), now, now, "alice", 0);
    }

    public static String rawSpec(Store store) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT spec FROM endpoints").mapTo(String.class).one());
    }

    /** Writes the spec column as a version before encryption did: the secret in clear. */
    static void writeLegacy(Store store, String name, String plain) throws Exception {
        ObjectNode spec = (ObjectNode) ServerJson.MAPPER.readTree(rawSpec(store));
        ((ObjectNode) spec.path("model").path("secrets")).put(name, plain);
        store.jdbi().useHandle(h -> h.createUpdate("UPDATE endpoints SET spec = :spec").bind("spec", spec.toString()).execute());
    }

    /** The database file and its siblings, as text (one byte one character), to search for values in clear. */
    public static String databaseBytes(Path home) throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        for (String suffix : new String[]{"", "-wal", "-shm", "-journal"}) {
            Path f = home.resolve("hearth.db" + suffix);
            if (Files.exists(f)) all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
        return all.toString();
    }

    @Test
    void aSealedValueOpensToTheSameTextAndDiffersEachTimeItIsSealed() {
        SecretBox box = SecretBox.of(new byte[32]);
        String a = box.seal("hf_секрет");
        String b = box.seal("hf_секрет");
        assertThat(a).startsWith("enc:v2:").isNotEqualTo(b).doesNotContain("hf_");
        assertThat(box.open(a)).isEqualTo("hf_секрет");
        assertThat(box.open(b)).isEqualTo("hf_секрет");
    }

    @Test
    void aPlainLegacyValueOpensAsItIs() {
        assertThat(SecretBox.of(new byte[32]).open("hf_plain_from_v1")).isEqualTo("hf_plain_from_v1");
    }

    @Test
    void aValueSealedUnderAnotherKeyOrAlteredIsRefusedWithoutNamingIt() {
        byte[] other = new byte[32];
        other[0] = 1;
        String sealed = SecretBox.of(other).seal("hf_value");
        assertThatThrownBy(() -> SecretBox.of(new byte[32]).open(sealed)).isInstanceOf(SecretBox.Unreadable.class)
                .hasMessageContaining("key").hasMessageNotContaining("hf_value");
        String altered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThatThrownBy(() -> SecretBox.of(other).open(altered)).isInstanceOf(SecretBox.Unreadable.class);
        assertThatThrownBy(() -> SecretBox.of(other).open("enc:v9:xyz")).isInstanceOf(SecretBox.Unreadable.class);
    }

    @Test
    void theKeyFileIsCreated0600OnFirstUseAndReusedAfter(@TempDir Path home) throws Exception {
        String sealed = SecretBox.forHome(home, Optional.empty()).seal("v");
        Path key = home.resolve(SecretBox.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(key).strip())).hasSize(32);
        assertThat(SecretBox.forHome(home, Optional.empty()).open(sealed)).isEqualTo("v");
    }

    @Test
    void aKeyFromTheEnvironmentIsUsedAndNoKeyFileIsWritten(@TempDir Path home) {
        String env = Base64.getEncoder().encodeToString(new byte[32]);
        String sealed = SecretBox.forHome(home, Optional.of(env)).seal("v");
        assertThat(home.resolve(SecretBox.KEY_FILE)).doesNotExist();
        assertThat(SecretBox.of(new byte[32]).open(sealed)).isEqualTo("v");
        assertThatThrownBy(() -> SecretBox.forHome(home, Optional.of("c2hvcnQ=")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes").hasMessageNotContaining("c2hvcnQ");
    }

    @Test
    void theStoreKeepsSecretsSealedAndGivesThemBackInClear(@TempDir Path home) throws Exception {
        Store store = Store.open(home.resolve("hearth.db"));
        EndpointRepository endpoints = new EndpointRepository(store, SecretBox.forHome(home, Optional.empty()));
        endpoints.insert(endpoint(Map.of("HF_TOKEN", "hf_stored_secret_value")));
        assertThat(rawSpec(store)).contains("\"HF_TOKEN\":\"enc:v2:").doesNotContain("hf_stored_secret_value")
                .contains("\"PLAIN\":\"env\"");
        assertThat(endpoints.find(ID).orElseThrow().spec().model().secrets()).containsEntry("HF_TOKEN", "hf_stored_secret_value");
    }

    @Test
    void aLegacyPlainSecretIsStillReadAndSealedByTheNextWrite(@TempDir Path home) throws Exception {
        Store store = Store.open(home.resolve("hearth.db"));
        EndpointRepository endpoints = new EndpointRepository(store, SecretBox.forHome(home, Optional.empty()));
        endpoints.insert(endpoint(Map.of("HF_TOKEN", "placeholder")));
        writeLegacy(store, "HF_TOKEN", "hf_legacy_plain_value");

        Endpoint read = endpoints.find(ID).orElseThrow();
        assertThat(read.spec().model().secrets()).containsEntry("HF_TOKEN", "hf_legacy_plain_value");
        assertThat(endpoints.replace(read, read.withStatus(read.status(), Instant.now()))).isTrue();
        assertThat(rawSpec(store)).doesNotContain("hf_legacy_plain_value").contains("enc:v2:");
        assertThat(endpoints.find(ID).orElseThrow().spec().model().secrets()).containsEntry("HF_TOKEN", "hf_legacy_plain_value");
    }

    @Test
    void resealingSealsLegacyPlainSecretsAndLeavesSealedOnesAlone(@TempDir Path home) throws Exception {
        Store store = Store.open(home.resolve("hearth.db"));
        EndpointRepository endpoints = new EndpointRepository(store, SecretBox.forHome(home, Optional.empty()));
        endpoints.insert(endpoint(Map.of("HF_TOKEN", "placeholder")));
        assertThat(endpoints.resealSecrets()).isZero();
        writeLegacy(store, "HF_TOKEN", "hf_legacy_plain_value");

        assertThat(endpoints.resealSecrets()).isEqualTo(1);
        assertThat(rawSpec(store)).doesNotContain("hf_legacy_plain_value");
        assertThat(endpoints.find(ID).orElseThrow().spec().model().secrets()).containsEntry("HF_TOKEN", "hf_legacy_plain_value");
        assertThat(databaseBytes(home)).as("secure_delete leaves no copy of the replaced row in the files")
                .doesNotContain("hf_legacy_plain_value");
    }

    /** An {@code enc:v1:} value as the version before key ids sealed it: nonce and ciphertext, no key id. */
    static String sealedAsV1(byte[] key, String plain) throws Exception {
        byte[] nonce = new byte[12];
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        c.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"), new javax.crypto.spec.GCMParameterSpec(128, nonce));
        byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        byte[] all = new byte[12 + sealed.length];
        System.arraycopy(sealed, 0, all, 12, sealed.length);
        return "enc:v1:" + Base64.getEncoder().encodeToString(all);
    }

    @Test
    void aSealedValueNamesItsKeyByAnIdThatIsNotTheKey() {
        byte[] key = new byte[32];
        key[5] = 7;
        SecretBox box = SecretBox.of(key);
        String sealed = box.seal("v");
        assertThat(box.currentKeyId()).matches("[0-9a-f]{8}");
        assertThat(sealed).startsWith("enc:v2:" + box.currentKeyId() + ":");
        assertThat(SecretBox.keyIdOf(sealed)).isEqualTo(box.currentKeyId());
        assertThat(sealed).doesNotContain(Base64.getEncoder().encodeToString(key));
        assertThat(box.isCurrent(sealed)).isTrue();
    }

    @Test
    void aValueSealedBeforeKeyIdsExistedStillOpens() throws Exception {
        byte[] key = new byte[32];
        String v1 = sealedAsV1(key, "hf_from_v1");
        assertThat(SecretBox.of(key).open(v1)).isEqualTo("hf_from_v1");
        assertThat(SecretBox.keyIdOf(v1)).isEqualTo("v1");
        assertThat(SecretBox.of(key).isCurrent(v1)).isFalse();
    }

    @Test
    void afterARotationNewValuesUseTheNewKeyAndOldValuesStillOpen(@TempDir Path home) {
        SecretBox before = SecretBox.forHome(home, Optional.empty());
        String old = before.seal("hf_old");

        SecretBox after = SecretBox.rotate(home);
        assertThat(after.currentKeyId()).isNotEqualTo(before.currentKeyId());
        assertThat(after.previousKeyIds()).containsExactly(before.currentKeyId());
        SecretBox reopened = SecretBox.forHome(home, Optional.empty());
        assertThat(reopened.currentKeyId()).isEqualTo(after.currentKeyId());
        assertThat(reopened.open(old)).isEqualTo("hf_old");
        assertThat(reopened.isCurrent(old)).isFalse();
        assertThat(SecretBox.keyIdOf(reopened.seal("hf_new"))).isEqualTo(after.currentKeyId());

        SecretBox.dropPreviousKeys(home);
        assertThatThrownBy(() -> SecretBox.forHome(home, Optional.empty()).open(old))
                .isInstanceOf(SecretBox.Unreadable.class).hasMessageContaining(before.currentKeyId());
    }

    @Test
    void resealingAfterARotationMovesEverySecretToTheNewKey(@TempDir Path home) throws Exception {
        Store store = Store.open(home.resolve("hearth.db"));
        new EndpointRepository(store, SecretBox.forHome(home, Optional.empty())).insert(endpoint(Map.of("HF_TOKEN", "hf_rotated_value")));
        SecretBox rotated = SecretBox.rotate(home);
        EndpointRepository endpoints = new EndpointRepository(store, rotated);

        assertThat(endpoints.resealSecrets()).isEqualTo(1);
        assertThat(endpoints.storedSecrets()).allMatch(rotated::isCurrent);
        assertThat(endpoints.resealSecrets()).isZero();
        SecretBox.dropPreviousKeys(home);
        assertThat(new EndpointRepository(store, SecretBox.forHome(home, Optional.empty())).find(ID).orElseThrow()
                .spec().model().secrets()).containsEntry("HF_TOKEN", "hf_rotated_value");
    }
}
