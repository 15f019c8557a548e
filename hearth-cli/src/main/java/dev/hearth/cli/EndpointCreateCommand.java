package dev.hearth.cli;

import dev.hearth.client.CreateEndpointRequest;
import dev.hearth.client.InferenceEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code hearth endpoints create}: huggingface_hub's {@code create_inference_endpoint} parameters as options. */
@Command(name = "create", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Create an endpoint for a model (a local GGUF file or folder, or a Hub repository in the local cache).")
final class EndpointCreateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "NAME", description = "Lowercase letters, digits and '-', at most 32 characters.")
    String name;

    @Option(names = {"-r", "--repository"}, required = true, description = "The model: a GGUF path or a Hub repository id.")
    String repository;

    @Option(names = "--framework", defaultValue = "pytorch", description = "Default: ${DEFAULT-VALUE}.")
    String framework;

    @Option(names = "--task", defaultValue = "text-generation", description = "Default: ${DEFAULT-VALUE}.")
    String task;

    @Option(names = "--accelerator", defaultValue = "cpu", description = "Default: ${DEFAULT-VALUE}.")
    String accelerator;

    @Option(names = "--vendor", defaultValue = "hearth", description = "Default: ${DEFAULT-VALUE}.")
    String vendor;

    @Option(names = "--region", defaultValue = "local", description = "Default: ${DEFAULT-VALUE}.")
    String region;

    @Option(names = "--type", defaultValue = "protected",
            description = "public, protected, authenticated or private (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--instance-size", defaultValue = "x1", description = "Default: ${DEFAULT-VALUE}.")
    String instanceSize;

    @Option(names = "--instance-type", defaultValue = "cpu", description = "Default: ${DEFAULT-VALUE}.")
    String instanceType;

    @Option(names = "--min-replica", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}; 0 allows scale-to-zero.")
    int minReplica;

    @Option(names = "--max-replica", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    int maxReplica;

    @Option(names = "--scale-to-zero-timeout", paramLabel = "MINUTES", description = "Idle minutes before scaling to zero.")
    Integer scaleToZeroTimeout;

    @Option(names = "--schedule", paramLabel = "CRON=MIN_REPLICA", description = ScheduleOptions.DESCRIPTION)
    java.util.List<String> schedule;

    @Option(names = "--timezone", paramLabel = "ZONE", description = "The zone --schedule is read in, e.g. Europe/Copenhagen (default: UTC).")
    String timezone;

    @Option(names = "--revision", description = "The model revision (Hub repositories).")
    String revision;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "An environment variable of the replicas (repeatable).")
    Map<String, String> env = Map.of();

    @Option(names = "--secret", paramLabel = "KEY=VALUE", description = "A secret of the replicas (repeatable).")
    Map<String, String> secrets = Map.of();

    @Option(names = "--custom-image", paramLabel = "COMMAND",
            description = "Run this shell command instead of Hearth's worker; it serves on $PORT.")
    String customImage;

    @Option(names = "--health-route", defaultValue = "/health",
            description = "The custom image's health route (default: ${DEFAULT-VALUE}).")
    String healthRoute;

    @Option(names = "--wait", description = "Wait until the endpoint serves before returning.")
    boolean await;

    @Option(names = "--timeout", converter = Durations.class, paramLabel = "DURATION",
            description = "With --wait: give up after this long (default: wait for ever).")
    Duration timeout;

    /**
     * A path that exists here is sent absolute: the server reads a relative one as a Hub id, since relative to its
     * own working directory it would mean nothing to the caller.
     */
    static String absoluteIfLocal(String repository) {
        try {
            java.nio.file.Path p = java.nio.file.Path.of(repository);
            return !p.isAbsolute() && java.nio.file.Files.exists(p) ? p.toAbsolutePath().normalize().toString() : repository;
        } catch (java.nio.file.InvalidPathException notAPath) {
            return repository;
        }
    }

    @Override
    public Integer call() {
        return ExitCodes.run(spec, () -> {
            CreateEndpointRequest.Builder b = CreateEndpointRequest.builder(name, absoluteIfLocal(repository))
                    .framework(framework).task(task).accelerator(accelerator).vendor(vendor).region(region).type(type)
                    .instanceSize(instanceSize).instanceType(instanceType).minReplica(minReplica).maxReplica(maxReplica)
                    .scaleToZeroTimeout(scaleToZeroTimeout).revision(revision).env(env).secrets(secrets)
                    .timezone(timezone);
            var windows = ScheduleOptions.windows(schedule);
            if (windows != null) b.schedule(windows);
            if (customImage != null) b.customImage(customImage, healthRoute, null);
            try (var c = client.connect()) {
                InferenceEndpoint e = c.api().create(b.build());
                if (await) e = e.waitUntilRunning(timeout, Duration.ofSeconds(1));
                new Output(spec).summary(e, client.json);
            }
            return ExitCodes.OK;
        });
    }
}
