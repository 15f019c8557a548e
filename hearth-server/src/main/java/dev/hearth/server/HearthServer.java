package dev.hearth.server;

import dev.hearth.api.metrics.MetricRegistry;
import dev.hearth.models.ModelLocator;
import dev.hearth.serving.JsonErrorPages;
import dev.hearth.server.auth.Tokens;
import dev.hearth.server.autoscale.Autoscaler;
import dev.hearth.server.autoscale.LoadView;
import dev.hearth.server.batch.Batches;
import dev.hearth.server.connections.ConnectionRepository;
import dev.hearth.server.connections.ConnectionRoutes;
import dev.hearth.server.connections.ConnectionService;
import dev.hearth.server.connections.ModelCatalogue;
import dev.hearth.server.connections.InferenceApiRoutes;
import dev.hearth.server.connections.ModelRouter;
import dev.hearth.server.connections.Prober;
import dev.hearth.server.connections.UsageRoutes;
import dev.hearth.server.endpoint.CustomCommands;
import dev.hearth.server.endpoint.EndpointId;
import dev.hearth.server.endpoint.EndpointService;
import dev.hearth.server.endpoint.Hardware;
import dev.hearth.server.endpoint.ModelFolders;
import dev.hearth.server.gateway.Gateway;
import dev.hearth.server.gateway.GatewaySettings;
import dev.hearth.server.gateway.LoadTracker;
import dev.hearth.dashboard.Dashboard;
import dev.hearth.server.auth.Sessions;
import dev.hearth.server.http.ControlAuth;
import dev.hearth.server.http.EndpointEvents;
import dev.hearth.server.http.EventRoutes;
import dev.hearth.server.http.LogStreamRoutes;
import dev.hearth.server.http.MetricsRoutes;
import dev.hearth.server.gateway.MetricsSampler;
import dev.hearth.server.http.SessionRoutes;
import dev.hearth.server.http.ControlRoutes;
import dev.hearth.server.http.PublicUrl;
import dev.hearth.server.http.ServerErrors;
import dev.hearth.server.http.TokenRoutes;
import dev.hearth.server.provider.ReplicaProvider;
import dev.hearth.server.provider.ReplicaProviderFactory;
import dev.hearth.server.provider.local.LocalProcessProvider;
import dev.hearth.server.provider.local.ReplicaKeys;
import dev.hearth.server.reconcile.LaunchPlanner;
import dev.hearth.server.reconcile.PassSignal;
import dev.hearth.server.reconcile.Reconciler;
import dev.hearth.server.leader.AlwaysLeader;
import dev.hearth.server.leader.ControlSeat;
import dev.hearth.server.leader.Leadership;
import dev.hearth.server.leader.PostgresAdvisoryLock;
import dev.hearth.server.leader.SharedLoad;
import dev.hearth.server.leader.SharedRoutes;
import dev.hearth.server.store.ActivityRepository;
import dev.hearth.server.store.EndpointRepository;
import dev.hearth.server.store.RoutingRepository;
import dev.hearth.server.store.ReplicaRepository;
import dev.hearth.server.store.SecretBox;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.TokenRepository;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.time.Instant;
import java.util.Optional;

/**
 * A running control plane: the endpoints API, the gateway, the reconciler and the local provider, over one SQLite
 * or PostgreSQL store (several instances may share a PostgreSQL one; the leader among them reconciles). This is the server's composition root: every collaborator is built here and handed to its user.
 */
public final class HearthServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HearthServer.class);

    private final Javalin app;
    private final Leadership leadership;
    private final ControlSeat seat;
    private final SharedRoutes shared;
    private final SharedLoad sharedLoad;
    private final Store store;
    private final Gateway gateway;
    private final String url;
    private final Optional<String> newAdminToken;
    private final Prober prober;
    private final ScheduledExecutorService rechecks;
    private final EndpointEvents events;
    private final MetricsSampler sampler;
    private final Batches batches;

    /** How often connections found waking are checked again, so they come up ready without a user's re-test. */
    static final Duration WAKING_RECHECK = Duration.ofSeconds(10);
    /** How often a follower tries for the leadership (and the leader checks it still holds it). */
    static final Duration LEADER_RETRY = Duration.ofSeconds(2);
    /** How often a follower looks for a new publication of the leader's routes. */
    static final Duration ROUTES_POLL = Duration.ofMillis(500);
    /** How often each instance reports its gateway load for the leader's autoscaler. */
    static final Duration LOAD_REPORTS = Duration.ofSeconds(1);

    private HearthServer(Javalin app, Leadership leadership, ControlSeat seat, SharedRoutes shared, SharedLoad sharedLoad, Store store,
                         Gateway gateway, String url, Optional<String> newAdminToken, Prober prober,
                         ScheduledExecutorService rechecks, EndpointEvents events, MetricsSampler sampler, Batches batches) {
        this.app = app;
        this.batches = batches;
        this.sampler = sampler;
        this.events = events;
        this.prober = prober;
        this.rechecks = rechecks;
        this.leadership = leadership;
        this.seat = seat;
        this.shared = shared;
        this.sharedLoad = sharedLoad;
        this.store = store;
        this.gateway = gateway;
        this.url = url;
        this.newAdminToken = newAdminToken;
    }

    /** A control plane whose replicas are worker processes on this machine. */
    public static HearthServer start(ServerOptions o) {
        return start(o, HearthServer::localProvider);
    }

    /** A control plane whose replicas {@code providers} runs (the CLI passes the Kubernetes provider's factory). */
    public static HearthServer start(ServerOptions o, ReplicaProviderFactory providers) {
        PrivateFiles.secureHome(o.home(), o.database()); // before the store or the key file exists
        SecretBox box = SecretBox.forHome(o.home(), o.secretsKey());
        Store store = Store.open(o.storeLocation());
        Tokens tokens = new Tokens(new TokenRepository(store));
        Optional<String> created = bootstrapAdmin(tokens, o);
        EndpointRepository endpoints = new EndpointRepository(store, box);
        int resealed = endpoints.resealSecrets();
        if (resealed > 0) log.info("sealed the secrets of {} endpoint(s) under the current key {}", resealed, box.currentKeyId());
        Clock clock = Clock.systemUTC();
        Hardware hardware = Hardware.ofThisMachine(o.reservedCores());
        CustomCommands customCommands = new CustomCommands(o.allowCustomCommands());
        LaunchPlanner planner = new LaunchPlanner(o.workerCommand(), new ModelLocator(o.hub(), false), hardware, customCommands);

        LoadTracker load = new LoadTracker(clock);
        ReplicaRepository replicaRecords = new ReplicaRepository(store);
        ReplicaKeys replicaKeys = o.sharedReplicaKeySecret().map(ReplicaKeys::provided)
                .orElseGet(() -> ReplicaKeys.open(o.replicaKeySecret()));
        // Several instances on one PostgreSQL: one leads (reconciler, autoscaler, provider), the others route by
        // what it publishes. One on SQLite: it always leads, and publishes nowhere.
        String instance = instanceName(o);
        SharedRoutes shared = new SharedRoutes(new RoutingRepository(store), endpoints, replicaKeys, instance, clock);
        boolean severalInstances = store.dialect() == Store.Dialect.POSTGRESQL;
        SharedLoad sharedLoad = new SharedLoad(new ActivityRepository(store), load, instance, clock);
        LoadView loadView = severalInstances ? sharedLoad : loadView(load);
        Autoscaler autoscaler = new Autoscaler(o.autoscaler());
        ControlSeat seat = new ControlSeat(() -> {
            PassSignal passes = new PassSignal();
            ReplicaProvider provider = providers.create(new ReplicaProviderFactory.Context(replicaRecords,
                    replica -> passes.raise(), replicaKeys, o.logs(), o.environment()));
            Reconciler reconciler = new Reconciler(endpoints, provider, planner, autoscaler,
                    loadView, clock, o.reconciler(), passes, severalInstances ? shared::publish : routes -> {});
            reconciler.start();
            return new ControlSeat.Duties(reconciler, provider);
        }, shared, replicaRecords);
        Leadership leadership = !severalInstances ? new AlwaysLeader() : providers.leadership(instance).orElseGet(() ->
                new PostgresAdvisoryLock(() -> store.dedicatedConnection().orElseThrow(), LEADER_RETRY, instance));
        Sessions sessions = new Sessions(tokens, clock);
        Gateway gateway = new Gateway(seat, tokens, GatewaySettings.defaults(), load, sessions);
        EndpointService service = new EndpointService(endpoints, planner::check, customCommands,
                new ModelFolders(o.modelFolders()), seat::nudge, clock);

        PublicUrl url = new PublicUrl(o.publicUrl(), o.host(), o.port());
        ControlAuth auth = new ControlAuth(tokens, sessions);
        ControlRoutes control = new ControlRoutes(service, seat, hardware, auth, url, loadView, autoscaler);
        EndpointEvents events = new EndpointEvents(id -> endpoints.find(id).map(control::view),
                () -> endpoints.all().stream().map(e -> e.id()).toList());
        endpoints.listen(events::changed);
        if (severalInstances) events.watchRevisions(endpoints::revisions); // the other instances' writes
        Dashboard dashboard = new Dashboard();
        MetricsSampler sampler = new MetricsSampler(gateway.history(), seat,
                () -> endpoints.all().stream().map(e -> e.id()).toList(), clock);
        TokenRoutes tokenRoutes = new TokenRoutes(tokens, auth);
        ConnectionRepository connectionStore = new ConnectionRepository(store, box);
        int resealedKeys = connectionStore.resealKeys();
        if (resealedKeys > 0) log.info("sealed the API keys of {} connection(s) under the current key {}", resealedKeys, box.currentKeyId());
        Prober prober = new Prober();
        ConnectionService connections = new ConnectionService(connectionStore, prober, clock);
        ConnectionRoutes connectionRoutes = new ConnectionRoutes(connections, auth);
        ModelCatalogue catalogue = new ModelCatalogue(endpoints, connectionStore);
        ModelRouter router = new ModelRouter(catalogue, tokens, gateway, GatewaySettings.DEFAULT_MAX_REQUEST_BYTES, sessions);
        InferenceApiRoutes inferenceApi = new InferenceApiRoutes(catalogue, tokens, gateway,
                GatewaySettings.DEFAULT_MAX_REQUEST_BYTES);
        Batches batches = new Batches(store, tokens, catalogue, connectionStore, gateway, endpoints, service, seat,
                seat::leading, clock, batchSettings(o));
        MetricRegistry serverMetrics = new MetricRegistry();
        serverMetrics.gauge("hearth_endpoints", () -> endpoints.all().size());
        serverMetrics.gauge("hearth_leader", () -> seat.leading() ? 1 : 0);
        serverMetrics.gauge("hearth_reconcile_pass_seconds", seat::lastPassSeconds);
        Javalin app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = GatewaySettings.DEFAULT_MAX_REQUEST_BYTES;
            config.jsonMapper(new JavalinJackson(ServerJson.MAPPER, true));
            JsonErrorPages.install(config);
            ServerErrors.install(config.routes);
            control.register(config.routes);
            tokenRoutes.register(config.routes);
            new SessionRoutes(sessions, auth).register(config.routes);
            new EventRoutes(events, auth).register(config.routes);
            new LogStreamRoutes(service, seat, auth).register(config.routes);
            new MetricsRoutes(service, gateway.history(), auth).register(config.routes);
            dashboard.install(config);
            gateway.register(config.routes);
            connectionRoutes.register(config.routes);
            router.register(config.routes);
            inferenceApi.register(config.routes);
            batches.register(config.routes);
            config.jetty.multipartConfig.maxFileSize(batchSettings(o).maxFileBytes(), io.javalin.config.SizeUnit.BYTES);
            new UsageRoutes(gateway.usage(), auth).register(config.routes);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(serverMetrics.scrape() + gateway.metricsText(id -> endpoints.find(id).isPresent()
                            || connectionStore.find(id.namespace(), id.name()).isPresent())));
            config.routes.get("/health", ctx -> ctx.result("ok"));
        });
        app.start(o.host(), o.port());
        url.bound(app.port());
        if (severalInstances) {
            shared.start(ROUTES_POLL);
            sharedLoad.start(LOAD_REPORTS);
        }
        leadership.start(seat);
        sampler.start();
        batches.start();
        ScheduledExecutorService rechecks = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("connection-rechecks").factory());
        rechecks.scheduleWithFixedDelay(connections::recheckWaking, WAKING_RECHECK.toMillis(), WAKING_RECHECK.toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("Hearth control plane on {} (home {})", url.get(), o.home());
        if (o.allowCustomCommands()) {
            log.warn("custom commands are allowed: administrators may run shell commands on this host as endpoints");
        }
        return new HearthServer(app, leadership, seat, shared, sharedLoad, store, gateway, url.get(), created, prober, rechecks,
                events, sampler, batches);
    }

    /** {@code HEARTH_BATCH_CONCURRENCY} (lines in flight per endpoint) and {@code HEARTH_BATCH_MAX_FILE_BYTES}. */
    static Batches.Settings batchSettings(ServerOptions o) {
        Batches.Settings d = Batches.Settings.defaults();
        String concurrency = o.environment().get("HEARTH_BATCH_CONCURRENCY");
        String maxBytes = o.environment().get("HEARTH_BATCH_MAX_FILE_BYTES");
        var runner = d.runner();
        if (concurrency != null && !concurrency.isBlank()) {
            runner = new dev.hearth.server.batch.BatchRunner.Settings((int) positive("HEARTH_BATCH_CONCURRENCY", concurrency),
                    runner.tick(), runner.retryAfter(), runner.scaleUpWait());
        }
        return new Batches.Settings(runner, maxBytes == null || maxBytes.isBlank() ? d.maxFileBytes()
                : positive("HEARTH_BATCH_MAX_FILE_BYTES", maxBytes));
    }

    private static long positive(String name, String value) {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 1 && n <= Integer.MAX_VALUE) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number from 1 to " + Integer.MAX_VALUE + ", not '" + value + "'");
    }

    /**
     * HEARTH_ADMIN_TOKEN, when given, is registered, and any token an earlier value registered is retired; when it is
     * unset, every token it registered before is retired too (the variable is the only record of that token, so its
     * absence means it is no longer wanted). A start that leaves no administrator token creates one (printed once),
     * so retiring never locks the installation out. Tokens created by a first start or the CLI are never retired.
     */
    private static Optional<String> bootstrapAdmin(Tokens tokens, ServerOptions o) {
        tokens.retireEnvTokensExcept(o.adminToken())
                .forEach(t -> log.info("retired token {} registered from an earlier HEARTH_ADMIN_TOKEN", t.id()));
        if (o.adminToken().isPresent()) {
            tokens.registerFromEnv(o.adminToken().get(), o.adminNamespace());
            return Optional.empty();
        }
        if (tokens.hasAdmin()) return Optional.empty();
        return Optional.of(tokens.create(o.adminNamespace(), true, "first start"));
    }

    private static ReplicaProvider localProvider(ReplicaProviderFactory.Context c) {
        return new LocalProcessProvider(c.logs(), c.records(), c.listener(), LocalProcessProvider.Settings.defaults(),
                c.environment(), c.keys());
    }

    private static LoadView loadView(LoadTracker load) {
        return new LoadView() {
            @Override
            public int inFlight(EndpointId id) {
                return load.demand(id);
            }

            @Override
            public Instant lastActivity(EndpointId id) {
                return load.lastActivity(id).orElse(null);
            }
        };
    }

    public int port() {
        return app.port();
    }

    public String url() {
        return url;
    }

    /** The administrator token created by this start, if it created one. */
    public Optional<String> newAdminToken() {
        return newAdminToken;
    }

    /** Stops serving; replicas keep running and are adopted by the next start. */
    @Override
    public void close() {
        app.stop();
        batches.close();
        events.close();
        sampler.close();
        rechecks.shutdownNow();
        prober.close();
        gateway.close();
        leadership.close(); // deposes this instance: its reconciler stops, its replicas keep running
        seat.close();
        shared.close();
        sharedLoad.close();
        store.close();
    }

    /** Whether this instance runs the reconciler now (always, on SQLite). */
    public boolean isLeader() {
        return seat.leading();
    }

    /** Names this instance in the leader's publications and the logs: host, port and process id. */
    private static String instanceName(ServerOptions o) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + o.port() + "/" + ProcessHandle.current().pid();
    }
}
