import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A control plane this suite starts itself ({@code hearth server --port P --home DIR} with HEARTH_ADMIN_TOKEN), so
 * that it may kill it with SIGKILL and start it again on the same home. Its output goes to DIR/server-N.log.
 */
final class ServerUnderTest {

    final List<String> command;
    final Path home;
    final int port;
    final String token;
    private Process process;
    private int starts;

    ServerUnderTest(String hearth, Path home, int port, String token) {
        this.command = new ArrayList<>(Arrays.asList(hearth.trim().split("\\s+")));
        this.home = home;
        this.port = port;
        this.token = token;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The label the server gives its replicas: the absolute logs folder of its home. */
    String installation() {
        return home.resolve("logs").toAbsolutePath().normalize().toString();
    }

    /** Starts the server and waits until /health answers; the milliseconds that took, or -1. */
    long start(Duration limit) throws IOException {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of("server", "--port", Integer.toString(port), "--hostname", "127.0.0.1", "--home", home.toString()));
        ProcessBuilder b = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server-" + (starts++) + ".log").toFile()));
        b.environment().put("HEARTH_ADMIN_TOKEN", token);
        long t0 = System.nanoTime();
        process = b.start();
        Http http = new Http(url(), token, Duration.ofSeconds(2));
        while (System.nanoTime() - t0 < limit.toNanos()) {
            if (!process.isAlive()) return -1;
            if (http.get("/health").status() == 200) return (System.nanoTime() - t0) / 1_000_000;
            Endpoints.sleep(100);
        }
        return -1;
    }

    /** SIGKILL: no shutdown hook runs, replicas are left as they are. */
    void kill9() throws InterruptedException {
        Replicas.kill9(process.pid());
        process.waitFor();
    }

    long pid() {
        return process.pid();
    }

    /** A clean stop (SIGTERM), then SIGKILL if it lingers. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) kill9();
    }

    /** Replica processes labelled with this installation. */
    List<Replicas.Proc> replicas() {
        return Replicas.all().stream().filter(p -> installation().equals(p.installation())).filter(Replicas.Proc::alive).toList();
    }

    static Path defaultHearth() {
        String root = System.getProperty("hearth.root", System.getProperty("user.dir"));
        return Path.of(root, "hearth");
    }

    static Path tempHome() throws IOException {
        return Files.createTempDirectory(new File(System.getProperty("java.io.tmpdir")).toPath(), "hearth-reliability-");
    }
}
