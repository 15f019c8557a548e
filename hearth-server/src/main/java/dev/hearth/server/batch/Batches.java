package dev.hearth.server.batch;

import dev.hearth.server.ServerJson;
import dev.hearth.server.auth.TokenVerifier;
import dev.hearth.server.connections.ConnectionRepository;
import dev.hearth.server.connections.ModelCatalogue;
import dev.hearth.server.endpoint.EndpointService;
import dev.hearth.server.gateway.Gateway;
import dev.hearth.server.gateway.RoutingTable;
import dev.hearth.server.store.EndpointRepository;
import dev.hearth.server.store.Store;
import io.javalin.config.RoutesConfig;

import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * The Batch API, assembled: the {@code /v1/files} and {@code /v1/batches} routes over the store, and the runner that
 * works on the leader. Built once in the composition root; {@link #register} adds the routes, {@link #start} the
 * runner (which idles while this instance does not lead).
 *
 * @see <a href="../../../../../../../../docs/batches.md">docs/batches.md</a>
 */
public final class Batches implements AutoCloseable {

    /** Default largest input file, as OpenAI's per-batch file limit is a few hundred MB: 100 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 100L * 1024 * 1024;

    /**
     * @param maxFileBytes largest upload ({@code HEARTH_BATCH_MAX_FILE_BYTES})
     */
    public record Settings(BatchRunner.Settings runner, long maxFileBytes) {
        public static Settings defaults() {
            return new Settings(BatchRunner.Settings.defaults(), DEFAULT_MAX_FILE_BYTES);
        }
    }

    private final FileRoutes fileRoutes;
    private final BatchRoutes batchRoutes;
    private final BatchRunner runner;

    public Batches(Store store, TokenVerifier tokens, ModelCatalogue catalogue, ConnectionRepository connections,
                   Gateway gateway, EndpointRepository endpoints, EndpointService service, RoutingTable routes,
                   BooleanSupplier leading, Clock clock, Settings settings) {
        FileRepository files = new FileRepository(store);
        BatchRepository batches = new BatchRepository(store);
        ApiAuth auth = new ApiAuth(tokens);
        this.runner = new BatchRunner(batches, files, new LineValidator(ServerJson.MAPPER), new ModelTargets(catalogue),
                new LineExecutor(gateway.inProcess(), connections), endpoints, service, routes, gateway.load(),
                gateway.inProcess(), leading, clock, settings.runner());
        this.fileRoutes = new FileRoutes(auth, files, settings.maxFileBytes(), clock);
        this.batchRoutes = new BatchRoutes(auth, batches, files, runner::nudge, clock);
    }

    public void register(RoutesConfig routes) {
        ApiAuth.install(routes);
        fileRoutes.register(routes);
        batchRoutes.register(routes);
    }

    public void start() {
        runner.start();
    }

    @Override
    public void close() {
        runner.close();
    }
}
