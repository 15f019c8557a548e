package dev.hearth.server.provider.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaKeysTest {

    @TempDir
    Path home;

    @Test
    void theSecretIsGeneratedOnceIntoAFileOnlyItsOwnerMayReadAndGivesTheSameKeysAfterARestart() throws Exception {
        Path file = home.resolve("replica-keys.secret");
        ReplicaKeys first = ReplicaKeys.open(file);
        String secret = Files.readString(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        ReplicaKeys restarted = ReplicaKeys.open(file);
        assertThat(Files.readString(file)).isEqualTo(secret);
        assertThat(restarted.keyFor("alice.chat.r1")).isEqualTo(first.keyFor("alice.chat.r1"));
        assertThat(secret).doesNotContain(first.keyFor("alice.chat.r1"));
        assertThat(first.toString()).doesNotContain(secret.strip());
    }

    @Test
    void keysDifferFromReplicaToReplicaAndFromInstallationToInstallation() {
        ReplicaKeys here = ReplicaKeys.open(home.resolve("a.secret"));
        ReplicaKeys there = ReplicaKeys.open(home.resolve("b.secret"));

        assertThat(here.keyFor("alice.chat.r1")).isNotEqualTo(here.keyFor("alice.chat.r2"));
        assertThat(here.keyFor("alice.chat.r1")).isNotEqualTo(there.keyFor("alice.chat.r1"));
        assertThat(here.keyFor("alice.chat.r1")).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void aSecretFileOthersMayReadIsRestrictedToItsOwner() throws Exception {
        Path file = home.resolve("replica-keys.secret");
        ReplicaKeys.open(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        ReplicaKeys.open(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
