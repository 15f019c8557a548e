package dev.hearth.cli;

import dev.hearth.client.EndpointUpdate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code hearth endpoints update}: a sparse patch; only the options given change. */
@Command(name = "update", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Change an endpoint; only what is given changes.",
                "A change to what replicas run (model, image, env, secrets, size) rolls them; scaling applies at once."})
final class EndpointUpdateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin ClientOptions client;
    @Parameters(paramLabel = "NAME") String name;

    @Option(names = "--min-replica") Integer minReplica;
    @Option(names = "--max-replica") Integer maxReplica;
    @Option(names = "--scale-to-zero-timeout", paramLabel = "MINUTES") Integer scaleToZeroTimeout;
    @Option(names = "--schedule", paramLabel = "CRON=MIN_REPLICA",
            description = ScheduleOptions.DESCRIPTION + " Replaces the whole schedule.")
    java.util.List<String> schedule;
    @Option(names = "--clear-schedule", description = "Remove the scaling windows.") boolean clearSchedule;
    @Option(names = "--timezone", paramLabel = "ZONE", description = "The zone the schedule is read in.") String timezone;
    @Option(names = {"-r", "--repository"}) String repository;
    @Option(names = "--revision") String revision;
    @Option(names = "--task") String task;
    @Option(names = "--framework") String framework;
    @Option(names = "--accelerator") String accelerator;
    @Option(names = "--instance-size") String instanceSize;
    @Option(names = "--instance-type") String instanceType;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "Replaces the whole environment (repeatable).")
    Map<String, String> env;

    @Option(names = "--secret", paramLabel = "KEY=VALUE", description = "Replaces all secrets (repeatable).")
    Map<String, String> secrets;

    @Option(names = "--custom-image", paramLabel = "COMMAND", description = "Run this shell command as the replicas.")
    String customImage;

    @Option(names = "--health-route", defaultValue = "/health", description = "The custom image's health route.")
    String healthRoute;

    @Option(names = "--default-image", description = "Go back from a custom image to Hearth's worker.")
    boolean defaultImage;

    @Override
    public Integer call() {
        return ExitCodes.run(spec, () -> {
            EndpointUpdate.Builder b = EndpointUpdate.builder().minReplica(minReplica).maxReplica(maxReplica)
                    .scaleToZeroTimeout(scaleToZeroTimeout).repository(repository).revision(revision).task(task)
                    .framework(framework).accelerator(accelerator).instanceSize(instanceSize).instanceType(instanceType)
                    .env(env).secrets(secrets);
            b.timezone(timezone);
            var windows = ScheduleOptions.windows(schedule);
            if (windows != null && clearSchedule) {
                throw new ExitCodes.UserException("--schedule and --clear-schedule exclude each other");
            }
            if (windows != null) b.schedule(windows);
            if (clearSchedule) b.schedule(java.util.List.of());
            if (customImage != null && defaultImage) {
                throw new ExitCodes.UserException("--custom-image and --default-image exclude each other");
            }
            if (customImage != null) b.customImage(customImage, healthRoute, null);
            if (defaultImage) b.customImage(Map.of("tgi", Map.of()));
            EndpointUpdate update = b.build();
            if (update.isEmpty()) throw new ExitCodes.UserException("nothing to update; see hearth endpoints update --help");
            try (var c = client.connect()) {
                new Output(spec).summary(c.api().get(name).update(update), client.json);
            }
            return ExitCodes.OK;
        });
    }
}
