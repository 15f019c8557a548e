package dev.hearth.cli;

import org.junit.jupiter.api.Test;
import dev.hearth.server.store.StoreLocation;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@code hearth server} and {@code hearth up} turn flags and environment into the server's options. */
class ServerSettingsTest {

    @Test
    void customCommandsAreOffUnlessTheFlagOrTheVariableTurnsThemOn() {
        ServerCommand server = new ServerCommand();
        new CommandLine(server).parseArgs();
        UpCommand up = new UpCommand();
        new CommandLine(up).parseArgs("--allow-custom-commands");
        ServerCommand flagged = new ServerCommand();
        new CommandLine(flagged).parseArgs("--allow-custom-commands");

        assertThat(server.settings.allowCustomCommands(Map.of())).isFalse();
        assertThat(server.settings.allowCustomCommands(Map.of("HEARTH_ALLOW_CUSTOM_COMMANDS", "false"))).isFalse();
        assertThat(server.settings.allowCustomCommands(Map.of("HEARTH_ALLOW_CUSTOM_COMMANDS", "true"))).isTrue();
        assertThat(flagged.settings.allowCustomCommands(Map.of())).isTrue();
        assertThat(up.settings.allowCustomCommands(Map.of())).isTrue();
        assertThat(flagged.settings.options().allowCustomCommands()).isTrue();
    }

    @Test
    void theServerIsHandedThisProcesssEnvironmentOnce() {
        ServerCommand server = new ServerCommand();
        new CommandLine(server).parseArgs();

        assertThat(server.settings.options().environment()).isEqualTo(System.getenv());
    }

    @Test
    void oneCoreIsKeptFromReplicasUnlessTheFlagSaysOtherwise() {
        ServerCommand plain = new ServerCommand();
        new CommandLine(plain).parseArgs();
        UpCommand none = new UpCommand();
        new CommandLine(none).parseArgs("--reserved-cores", "0");

        assertThat(plain.settings.options().reservedCores()).isEqualTo(1);
        assertThat(none.settings.options().reservedCores()).isZero();
    }

    @Test
    void replicasRunLocallyUnlessKubernetesIsChosenAndAnUnknownProviderIsRefusedWithTheChoices() {
        ServerCommand plain = new ServerCommand();
        new CommandLine(plain).parseArgs();
        ServerCommand k8s = new ServerCommand();
        new CommandLine(k8s).parseArgs("--provider", "kubernetes", "--k8s-namespace", "models", "--k8s-image",
                "registry.example/hearth:2", "--k8s-cache-claim", "none");

        assertThat(plain.provider.provider).isEqualTo(ProviderOptions.Provider.local);
        assertThat(k8s.provider.provider).isEqualTo(ProviderOptions.Provider.kubernetes);
        assertThat(k8s.provider.namespace).isEqualTo("models");
        assertThat(k8s.provider.image).isEqualTo("registry.example/hearth:2");
        assertThat(k8s.provider.cacheClaim).isEqualTo("none");
        // In a pod, a replica is the image's `hearth worker`, not this JVM's classpath.
        assertThat(k8s.settings.options(java.util.List.of("hearth", "worker")).workerCommand()).containsExactly("hearth", "worker");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CommandLine(new ServerCommand()).parseArgs("--provider", "nomad"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("nomad").hasMessageContaining("local").hasMessageContaining("kubernetes");
    }

    @Test
    void storeIsTheHomesSqliteFileUnlessAPostgresUrlIsGivenWhosePasswordMayComeFromAFile(@TempDir Path dir) throws Exception {
        ServerCommand plain = new ServerCommand();
        new CommandLine(plain).parseArgs("--home", dir.toString());
        assertThat(plain.settings.options().storeLocation()).isEqualTo(new StoreLocation.Sqlite(dir.resolve("hearth.db")));

        Path passwordFile = Files.writeString(dir.resolve("pg-password"), "from-the-file\n");
        ServerCommand postgres = new ServerCommand();
        new CommandLine(postgres).parseArgs("--store", "jdbc:postgresql://db.example:5432/hearth?user=hearth",
                "--store-password-file", passwordFile.toString());
        StoreLocation.Postgres location = (StoreLocation.Postgres) postgres.settings.options().storeLocation();
        assertThat(location.connectionProperties()).containsEntry("user", "hearth").containsEntry("password", "from-the-file");
        assertThat(postgres.settings.options().toString()).doesNotContain("from-the-file");
    }
}
