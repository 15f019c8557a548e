package dev.hearth.server;

import dev.hearth.hub.HubSettings;
import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.reconcile.Reconciler;
import dev.hearth.server.store.StoreLocation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a control plane is started.
 *
 * @param home             where the database, replica logs and natives live
 * @param publicUrl        base URL clients reach this server at; empty means {@code http://localhost:<port>}
 * @param workerCommand    argv that runs {@code hearth worker} (java, its flags and classpath, then the command)
 * @param adminToken       a fixed administrator token (HEARTH_ADMIN_TOKEN); empty to generate one on first start
 * @param adminNamespace   the namespace administrators' whoami answers with
 * @param hub              the Hugging Face settings: the cache where Hub repository ids are looked up, offline mode
 *                          (read once from the environment by the command that starts the server)
 * @param allowCustomCommands whether administrators may create endpoints with {@code model.image.custom}, which runs
 *                         its {@code url} as a shell command on this machine ({@code --allow-custom-commands},
 *                         {@code HEARTH_ALLOW_CUSTOM_COMMANDS=true}); namespace tokens never may
 * @param environment      the control plane's environment, read once here; replicas get only an allow-listed part
 * @param secretsKey       the key that seals secrets at rest, base64 of 32 bytes (HEARTH_SECRETS_KEY); empty to use
 *                          {@code home/secrets.key}, generated on first start
 * @param reservedCores    cores no replica's engine threads may claim ({@code --reserved-cores}, default
 *                          {@value #DEFAULT_RESERVED_CORES}): llama.cpp's threads spin at barriers, so a replica with
 *                          a thread on every core slows down many times over as soon as anything else wants a core
 *                          (docs/benchmarks.md, "Engine threads"); 0 gives a replica every core its size names
 * @param store            where the store is ({@code --store}); empty for the home's SQLite file
 */
public record ServerOptions(
        Path home,
        String host,
        int port,
        Optional<String> publicUrl,
        List<String> workerCommand,
        Optional<String> adminToken,
        String adminNamespace,
        HubSettings hub,
        Reconciler.Settings reconciler,
        Autoscaler.Settings autoscaler,
        boolean allowCustomCommands,
        Map<String, String> environment,
        Optional<String> secretsKey,
        int reservedCores,
        Optional<StoreLocation> store) {

    public static final int DEFAULT_RESERVED_CORES = 1;

    public ServerOptions {
        workerCommand = List.copyOf(workerCommand);
        environment = Map.copyOf(environment);
        if (reservedCores < 0) throw new IllegalArgumentException("reservedCores must be 0 or more, not " + reservedCores);
    }

    /** Custom commands off, and this process's environment: the composition root's one read of it. */
    public ServerOptions(Path home, String host, int port, Optional<String> publicUrl, List<String> workerCommand,
                         Optional<String> adminToken, String adminNamespace, HubSettings hub,
                         Reconciler.Settings reconciler, Autoscaler.Settings autoscaler) {
        this(home, host, port, publicUrl, workerCommand, adminToken, adminNamespace, hub, reconciler, autoscaler,
                false, System.getenv(), Optional.empty(), DEFAULT_RESERVED_CORES, Optional.empty());
    }

    public ServerOptions withAllowCustomCommands(boolean allow) {
        return new ServerOptions(home, host, port, publicUrl, workerCommand, adminToken, adminNamespace, hub,
                reconciler, autoscaler, allow, environment, secretsKey, reservedCores, store);
    }

    public ServerOptions withEnvironment(Map<String, String> environment) {
        return new ServerOptions(home, host, port, publicUrl, workerCommand, adminToken, adminNamespace, hub,
                reconciler, autoscaler, allowCustomCommands, environment, secretsKey, reservedCores, store);
    }

    public ServerOptions withSecretsKey(Optional<String> key) {
        return new ServerOptions(home, host, port, publicUrl, workerCommand, adminToken, adminNamespace, hub,
                reconciler, autoscaler, allowCustomCommands, environment, key, reservedCores, store);
    }

    public ServerOptions withReservedCores(int cores) {
        return new ServerOptions(home, host, port, publicUrl, workerCommand, adminToken, adminNamespace, hub,
                reconciler, autoscaler, allowCustomCommands, environment, secretsKey, cores, store);
    }

    public ServerOptions withStore(StoreLocation location) {
        return new ServerOptions(home, host, port, publicUrl, workerCommand, adminToken, adminNamespace, hub,
                reconciler, autoscaler, allowCustomCommands, environment, secretsKey, reservedCores, Optional.of(location));
    }

    /** The store this server opens: {@link #store()}, else the SQLite file {@link #database()}. */
    public StoreLocation storeLocation() {
        return store.orElseGet(() -> new StoreLocation.Sqlite(database()));
    }

    public ServerOptions withAdminToken(Optional<String> token) {
        return new ServerOptions(home, host, port, publicUrl, workerCommand, token, adminNamespace, hub,
                reconciler, autoscaler, allowCustomCommands, environment, secretsKey, reservedCores, store);
    }

    /**
     * Where namespace tokens may point {@code model.repository} on this host: {@code HEARTH_MODEL_FOLDERS} (paths
     * separated by {@code :}) when set in {@link #environment()}, else the home's {@code models/} and the Hugging
     * Face cache. Administrators may name any path.
     */
    public List<Path> modelFolders() {
        String given = environment.get("HEARTH_MODEL_FOLDERS");
        if (given != null && !given.isBlank()) {
            return java.util.Arrays.stream(given.split(":")).filter(s -> !s.isBlank()).map(Path::of).toList();
        }
        return List.of(home.resolve("models"), hub.cache().cacheDir());
    }

    /** The secret replica keys are derived from (see ReplicaKeys), when {@link #sharedReplicaKeySecret()} is empty. */
    public Path replicaKeySecret() {
        return home.resolve("replica-keys.secret");
    }

    /**
     * {@code HEARTH_REPLICA_KEY_FILE} when set in {@link #environment()}: a replica-key secret managed outside Hearth
     * and the same for every control-plane instance (in Kubernetes, a mounted Secret), which followers need to derive
     * the keys of the replicas the leader started. Empty for the home's own, generated on first start.
     */
    public Optional<Path> sharedReplicaKeySecret() {
        String given = environment.get("HEARTH_REPLICA_KEY_FILE");
        return given == null || given.isBlank() ? Optional.empty() : Optional.of(Path.of(given));
    }

    /** Never prints the environment: it holds secrets. */
    @Override
    public String toString() {
        return "ServerOptions[home=" + home + ", host=" + host + ", port=" + port + ", publicUrl=" + publicUrl
                + ", adminToken=" + (adminToken.isPresent() ? "set" : "none") + ", adminNamespace=" + adminNamespace
                + ", allowCustomCommands=" + allowCustomCommands + ", secretsKey=" + (secretsKey.isPresent() ? "set" : "home") + ", store=" + storeLocation() + "]";
    }

    public Path database() {
        return home.resolve("hearth.db");
    }

    public Path logs() {
        return home.resolve("logs");
    }
}
