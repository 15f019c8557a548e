package dev.hearth.server.store;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What --store (or HEARTH_STORE) accepts, and where the user and password come from. */
class StoreLocationTest {

    @Test
    void sqliteOrNothingMeansTheHomesFile() {
        assertThat(StoreLocation.parse(Optional.empty(), Map.of(), Optional.empty())).isEmpty();
        assertThat(StoreLocation.parse(Optional.of("sqlite"), Map.of(), Optional.empty())).isEmpty();
    }

    @Test
    void theUrlsOwnCredentialsWinThenAPasswordFileThenPgUserAndPgPassword() {
        Map<String, String> env = Map.of("PGUSER", "env-user", "PGPASSWORD", "env-secret");
        var fromEnv = (StoreLocation.Postgres) StoreLocation.parse(Optional.of("jdbc:postgresql://db:5432/hearth"), env,
                Optional.empty()).orElseThrow();
        assertThat(fromEnv.connectionProperties()).containsEntry("user", "env-user").containsEntry("password", "env-secret");

        var fromFile = (StoreLocation.Postgres) StoreLocation.parse(Optional.of("jdbc:postgresql://db/hearth"), env,
                Optional.of("file-secret")).orElseThrow();
        assertThat(fromFile.connectionProperties()).containsEntry("password", "file-secret");

        var inUrl = (StoreLocation.Postgres) StoreLocation.parse(
                Optional.of("jdbc:postgresql://db/hearth?user=url-user&password=url-secret"), env, Optional.empty()).orElseThrow();
        assertThat(inUrl.connectionProperties()).containsEntry("user", "url-user").containsEntry("password", "url-secret");
        assertThat(inUrl.toString()).as("what logs show").doesNotContain("url-secret").doesNotContain("env-secret");
    }

    @Test
    void anythingElseIsRefusedWithoutEchoingAPassword() {
        assertThatThrownBy(() -> StoreLocation.parse(Optional.of("mysql://db/hearth?password=hunter2"), Map.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql://").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> StoreLocation.parse(Optional.of("jdbc:postgresql://db:port/hearth"), Map.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
