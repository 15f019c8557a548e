package dev.hearth.cli;

import dev.hearth.server.connections.ConnectionRepository;
import dev.hearth.server.store.EndpointRepository;
import dev.hearth.server.store.SecretBox;
import dev.hearth.server.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code hearth secrets status|rotate}: the keys that seal endpoint secrets and connection API keys at rest, worked
 * on straight in the installation's store and key file. Keys are named by their ids (a hash), never shown.
 *
 * <p>{@code rotate} puts a fresh key first in {@code secrets.key} and re-seals every stored value under it in one
 * transaction per table. The previous keys stay in the file: a server still running seals with the key it started
 * with, and reads the file again when it meets a value under a key it does not hold, so it keeps working; restarted, it
 * re-seals under the new key whatever it wrote meanwhile. {@code rotate --drop-previous} removes the previous keys
 * once no stored value needs them (run it with the server stopped).
 */
@Command(name = "secrets", mixinStandardHelpOptions = true, description = "Manage the keys that seal secrets at rest.",
        subcommands = {SecretsCommand.Status.class, SecretsCommand.Rotate.class})
public final class SecretsCommand implements Runnable {

    @Override
    public void run() {
        throw new IllegalArgumentException("say what to do: hearth secrets status|rotate (see hearth secrets --help)");
    }

    /** The key from the environment, when it is set: rotation cannot change it. */
    static Optional<String> envKey() {
        return Optional.ofNullable(System.getenv("HEARTH_SECRETS_KEY")).filter(k -> !k.isBlank());
    }

    /** How many stored values each key seals; {@code plain} and {@code v1} for values from older versions. */
    static Map<String, Integer> census(Store store, SecretBox box) {
        List<String> stored = new ArrayList<>(new EndpointRepository(store, box).storedSecrets());
        stored.addAll(new ConnectionRepository(store, box).storedKeys());
        Map<String, Integer> byKey = new TreeMap<>();
        for (String v : stored) byKey.merge(SecretBox.keyIdOf(v), 1, Integer::sum);
        return byKey;
    }

    static String describe(Map<String, Integer> census, SecretBox box) {
        StringBuilder b = new StringBuilder("current key: " + box.currentKeyId() + "\n");
        b.append("previous keys: ").append(box.previousKeyIds().isEmpty() ? "none" : String.join(", ", box.previousKeyIds())).append('\n');
        b.append("stored values: ").append(census.values().stream().mapToInt(Integer::intValue).sum());
        census.forEach((key, n) -> b.append("\n  ").append(n).append(" under ").append(key)
                .append(key.equals(box.currentKeyId()) ? " (current)" : ""));
        return b.toString();
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the current and previous key ids and how many stored values each seals.")
    static final class Status implements Callable<Integer> {

        @picocli.CommandLine.Mixin
        HomeOption home;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            SecretBox box = SecretBox.forHome(home.home, envKey());
            new Output(spec).line(describe(census(home.store(), box), box));
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Seal every stored secret under a fresh key; previous keys stay in secrets.key until "
                    + "--drop-previous, so a running server keeps working. Restart the server afterwards.")
    static final class Rotate implements Callable<Integer> {

        @Option(names = "--drop-previous",
                description = "After re-sealing, remove the previous keys from secrets.key (do it with the server stopped).")
        boolean dropPrevious;

        @picocli.CommandLine.Mixin
        HomeOption home;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (envKey().isPresent()) {
                spec.commandLine().getErr().println("hearth: the key comes from HEARTH_SECRETS_KEY, which this command cannot change. "
                        + "To rotate it: add the current key as a line of " + home.home.resolve(SecretBox.KEY_FILE)
                        + ", set HEARTH_SECRETS_KEY to a new one (openssl rand -base64 32) and restart the server: it re-seals "
                        + "every stored secret under the new key at start; `hearth secrets status` then shows none left "
                        + "under the old one, and the line can go.");
                spec.commandLine().getErr().flush();
                return ExitCodes.USAGE;
            }
            Store store = home.store();
            SecretBox before = SecretBox.forHome(home.home, Optional.empty());
            // Every stored value must open before the key file changes: a store the keys cannot read is not rotated.
            new EndpointRepository(store, before).storedSecrets().forEach(before::open);
            new ConnectionRepository(store, before).storedKeys().forEach(before::open);
            SecretBox box = SecretBox.rotate(home.home);
            int endpoints = new EndpointRepository(store, box).resealSecrets();
            int connections = new ConnectionRepository(store, box).resealKeys();
            Map<String, Integer> after = census(store, box);
            boolean allCurrent = after.keySet().stream().allMatch(k -> k.equals(box.currentKeyId()));
            Output out = new Output(spec);
            out.line("rotated: new key " + box.currentKeyId() + "; re-sealed the secrets of " + endpoints + " endpoint(s) and the "
                    + "keys of " + connections + " connection(s)");
            if (dropPrevious && allCurrent) {
                SecretBox.dropPreviousKeys(home.home);
                out.line("dropped the previous key(s) " + String.join(", ", box.previousKeyIds()));
            } else if (!box.previousKeyIds().isEmpty()) {
                out.line("kept the previous key(s) " + String.join(", ", box.previousKeyIds()) + " in " + SecretBox.KEY_FILE
                        + " for a server still running with one; restart the server, then `hearth secrets rotate --drop-previous`"
                        + " or remove their lines");
            }
            out.line(describe(after, SecretBox.forHome(home.home, Optional.empty())));
            return 0;
        }
    }
}
