package dev.hearth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, from the machine's PostgreSQL binaries (Debian's {@code postgresql} package:
 * {@code /usr/lib/postgresql/<version>/bin}): {@code initdb} in a temporary folder, then {@code postgres} on a random
 * free port of 127.0.0.1, with fsync off (a test's data need not survive a power cut). One server per JVM
 * ({@link #shared()}), stopped when the JVM exits; each test takes a fresh database ({@link #newDatabase()}).
 *
 * <p>initdb refuses to run as root: as root, both run as the {@code postgres} user (through {@code runuser}) in a
 * folder given to that user; as anyone else, they run directly. Authentication is {@code trust}, on 127.0.0.1 only.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static EmbeddedPostgres shared;

    private final Path dir;
    private final Path bin;
    private final boolean asPostgresUser;
    private final int port;
    private final Process server;
    private final AtomicInteger databases = new AtomicInteger();

    private EmbeddedPostgres(Path dir, Path bin, boolean asPostgresUser, int port, Process server) {
        this.dir = dir;
        this.bin = bin;
        this.asPostgresUser = asPostgresUser;
        this.port = port;
        this.server = server;
    }

    /** The JVM's server, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgres shared() {
        if (shared == null) {
            shared = start();
            EmbeddedPostgres s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "embedded-postgres-stop"));
        }
        return shared;
    }

    /** Starts a server of its own; the caller closes it. */
    public static EmbeddedPostgres start() {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("hearth-pg-");
            if (root) giveToPostgres(dir);
            Path data = dir.resolve("data");
            Path sockets = Files.createDirectories(dir.resolve("sockets"));
            if (root) giveToPostgres(sockets);
            run(command(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--no-sync", "--locale=C"), dir.resolve("initdb.log"));
            IOException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                Process server = new ProcessBuilder(command(root, bin.resolve("postgres").toString(), "-D", data.toString(),
                        "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-k", sockets.toString(),
                        "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                        "-c", "max_connections=300"))
                        .redirectErrorStream(true).redirectOutput(dir.resolve("postgres-" + port + ".log").toFile()).start();
                EmbeddedPostgres pg = new EmbeddedPostgres(dir, bin, root, port, server);
                if (pg.awaitAccepting(Duration.ofSeconds(60))) return pg;
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                last = new IOException("postgres did not accept connections on port " + port + "; see "
                        + dir.resolve("postgres-" + port + ".log"));
            }
            throw last;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** A JDBC URL of a new, empty database on this server (user {@code postgres}, no password). */
    public String newDatabase() {
        String name = "hearth_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database));
    }

    private boolean awaitAccepting(Duration timeout) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (!server.isAlive()) return false;
            try (Connection ignored = connect("postgres")) {
                return true;
            } catch (SQLException notYet) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    /** Stops the server at once (its data is thrown away) and deletes its folder. */
    @Override
    public void close() {
        try {
            run(command(asPostgresUser, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "stop", "-m", "immediate", "-w"), dir.resolve("pg_ctl.log"));
        } catch (IOException | RuntimeException e) {
            server.destroyForcibly();
        }
        try {
            server.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(dir);
    }

    /** The highest PostgreSQL version's binaries: {@code HEARTH_PG_BIN}, else Debian's layout, else the PATH's. */
    static Path binaries() {
        String given = System.getenv("HEARTH_PG_BIN");
        if (given != null && !given.isBlank()) return Path.of(given);
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparingInt(EmbeddedPostgres::major));
                if (found.isPresent()) return found.get();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "initdb"))) return Path.of(entry);
        }
        throw new IllegalStateException("no PostgreSQL binaries found: install Debian's postgresql package "
                + "(apt-get install postgresql) or set HEARTH_PG_BIN to the folder holding initdb");
    }

    private static int major(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> command(boolean asPostgresUser, String... argv) {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        cmd.addAll(List.of(argv));
        return cmd;
    }

    private static void run(List<String> cmd, Path log) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void giveToPostgres(Path path) throws IOException {
        UserPrincipal postgres = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(path, postgres);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder: the system cleans it up eventually
        }
    }
}
