package dev.hearth.cli;

import dev.hearth.testkit.RemoteTgi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hearth secrets status|rotate} on the store and key file of a running control plane. */
class SecretsCommandTest {

    static final String KEY = "hf_rotationSecretKeyZ7W1";

    @TempDir static Path home;
    static CliServer hearth;
    static RemoteTgi remote;

    @BeforeAll
    static void start() throws Exception {
        hearth = new CliServer(home);
        remote = RemoteTgi.start(KEY, "meta-llama/Llama-2-7b-chat-hf", 4096);
        Path cred = Files.writeString(home.resolve("cred.json"), """
                {"api_key": "%s", "endpoint": "%s", "model_name": "meta-llama/Llama-2-7b-chat-hf", "context_window": 4096}"""
                .formatted(KEY, remote.url()));
        CliRun added = hearth.hearth("connections", "add", "--file", cred.toString(), "--name", "remote");
        assertThat(added.code()).as(added.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        if (remote != null) remote.close();
        if (hearth != null) hearth.close();
    }

    static CliRun secrets(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "secrets";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--home";
        all[args.length + 2] = home.toString();
        CliRun r = CliRun.hearth(all);
        assertThat(r.out() + r.err()).as("no key in any output").doesNotContain(KEY)
                .doesNotContain(Files.exists(home.resolve("secrets.key")) ? firstLine(home.resolve("secrets.key")) : KEY);
        assertThat(r.code()).as(r.toString()).isZero();
        return r;
    }

    static String firstLine(Path p) {
        try {
            return Files.readAllLines(p).getFirst();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String currentKey(CliRun status) {
        Matcher m = Pattern.compile("current key: ([0-9a-f]{8})").matcher(status.out());
        assertThat(m.find()).as(status.out()).isTrue();
        return m.group(1);
    }

    static String database() throws Exception {
        StringBuilder all = new StringBuilder();
        for (String suffix : new String[]{"", "-wal"}) {
            Path f = home.resolve("hearth.db" + suffix);
            try {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            } catch (java.nio.file.NoSuchFileException absent) {
                // no WAL (yet, or checkpointed away by the running server): nothing to search there
            }
        }
        return all.toString();
    }

    @Test
    void rotatingResealsEveryStoredKeyAndTheRunningServerStillUsesThem() throws Exception {
        CliRun before = secrets("status");
        String oldKey = currentKey(before);
        assertThat(before.out()).contains("stored values: 1", "1 under " + oldKey + " (current)");

        CliRun rotated = secrets("rotate");
        String newKey = currentKey(rotated);
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(rotated.out()).contains("new key " + newKey, "keys of 1 connection(s)", "kept the previous key(s) " + oldKey,
                "1 under " + newKey + " (current)");
        assertThat(database()).contains("enc:v2:" + newKey + ":").doesNotContain(KEY);
        assertThat(Files.readAllLines(home.resolve("secrets.key"))).hasSize(2);

        CliRun tested = hearth.hearth("connections", "test", "remote");
        assertThat(tested.code()).as("the running server reads the re-sealed key: " + tested).isZero();

        CliRun dropped = secrets("rotate", "--drop-previous");
        String third = currentKey(dropped);
        assertThat(dropped.out()).contains("dropped the previous key(s)", "previous keys: none", "1 under " + third + " (current)");
        assertThat(Files.readAllLines(home.resolve("secrets.key"))).hasSize(1);
        assertThat(hearth.hearth("connections", "test", "remote").code()).isZero();
    }
}
