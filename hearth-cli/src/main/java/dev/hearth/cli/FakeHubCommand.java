package dev.hearth.cli;

import dev.hearth.hub.LocalHub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code hearth fake-hub}: a stand-in for the Hugging Face Hub on this machine, serving one repository made of local
 * files. For trying downloads where the real Hub cannot be reached: {@code HF_ENDPOINT=http://127.0.0.1:PORT}.
 */
@Command(name = "fake-hub", mixinStandardHelpOptions = true,
        description = "Serve local files as a Hugging Face Hub repository on 127.0.0.1 (for HF_ENDPOINT), until stopped.")
public final class FakeHubCommand implements Callable<Integer> {

    @Option(names = "--repo", required = true, description = "The repository id to serve, e.g. acme/demo.")
    String repo;

    @Option(names = "--file", required = true, description = "A file of the repository (repeatable); served under its file name.")
    List<Path> files;

    @Option(names = {"-p", "--port"}, defaultValue = "9090", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        Map<String, byte[]> content = new LinkedHashMap<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) throw new IllegalArgumentException("no such file: " + f);
            content.put(f.getFileName().toString(), Files.readAllBytes(f));
        }
        try (LocalHub hub = new LocalHub(port).repo(repo, "0000000000000000000000000000000000000001", content)) {
            Thread hook = new Thread(hub::close, "fake-hub-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.println("fake Hub serving " + repo + " " + content.keySet() + " at " + hub.endpoint()
                    + "  (export HF_ENDPOINT=" + hub.endpoint() + ")");
            try {
                Thread.currentThread().join(); // serve until the process is stopped
            } catch (InterruptedException stopped) {
                // Run in-process and interrupted by its caller: stop serving, free the port.
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return 0;
    }
}
