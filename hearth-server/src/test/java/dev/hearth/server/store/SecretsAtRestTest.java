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

    static final EndpointId ID = new EndpointId("alice", "legacy");

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

    static String rawSpec(Store store) {
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
        assertThat(a).startsWith("enc:v1:").isNotEqualTo(b).doesNotContain("hf_");
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
        assertThat(rawSpec(store)).contains("\"HF_TOKEN\":\"enc:v1:").doesNotContain("hf_stored_secret_value")
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
        assertThat(rawSpec(store)).doesNotContain("hf_legacy_plain_value").contains("enc:v1:");
        assertThat(endpoints.find(ID).orElseThrow().spec().model().secrets()).containsEntry("HF_TOKEN", "hf_legacy_plain_value");
    }

    @Test
    void resealingSealsLegacyPlainSecretsAndLeavesSealedOnesAlone(@TempDir Path home) throws Exception {
        Store store = Store.open(home.resolve("hearth.db"));
        EndpointRepository endpoints = new EndpointRepository(store, SecretBox.forHome(home, Optional.empty()));
        endpoints.insert(endpoint(Map.of("HF_TOKEN", "placeholder")));
        assertThat(endpoints.resealLegacySecrets()).isZero();
        writeLegacy(store, "HF_TOKEN", "hf_legacy_plain_value");

        assertThat(endpoints.resealLegacySecrets()).isEqualTo(1);
        assertThat(rawSpec(store)).doesNotContain("hf_legacy_plain_value");
        assertThat(endpoints.find(ID).orElseThrow().spec().model().secrets()).containsEntry("HF_TOKEN", "hf_legacy_plain_value");
        assertThat(databaseBytes(home)).as("secure_delete leaves no copy of the replaced row in the files")
                .doesNotContain("hf_legacy_plain_value");
    }
}
