package dev.hearth.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Hearth home is private to its owner: the folder 0700; the database (with its {@code -wal}, {@code -shm} and
 * {@code -journal} siblings), key files ({@code *.key}, e.g. the secrets key) and the replica logs 0600, the logs'
 * folders 0700. {@link #secureHome} creates what is missing that way and narrows what an older version left wider,
 * since upgrades keep old files.
 *
 * <p>SQLite creates its sibling files with the database file's mode, so creating the database 0600 first is enough
 * for them. On file systems without POSIX permissions (Windows) nothing is changed.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final List<String> DATABASE_SIBLINGS = List.of("", "-wal", "-shm", "-journal");

    private PrivateFiles() {}

    /**
     * Makes {@code home} (created if missing) 0700, creates {@code database} 0600 if missing, and narrows the
     * existing database files, key file and logs. Call before the store is opened.
     */
    public static void secureHome(Path home, Path database) {
        try {
            createFolder(home);
            if (!posix(home)) return;
            restrict(home, FOLDER);
            for (String suffix : DATABASE_SIBLINGS) restrict(database.resolveSibling(database.getFileName() + suffix), FILE);
            if (!Files.exists(database)) createFile(database);
            try (Stream<Path> keys = Files.list(home)) {
                for (Path key : keys.filter(f -> f.getFileName().toString().endsWith(".key")).toList()) restrict(key, FILE);
            }
            Path logs = home.resolve("logs");
            if (Files.isDirectory(logs, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> all = Files.walk(logs)) {
                    for (Path p : all.toList()) {
                        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) restrict(p, FOLDER);
                        else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) restrict(p, FILE);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the Hearth home " + home + " private", e);
        }
    }

    /** Creates {@code folder} 0700 if missing (its missing parents with the default mode). */
    public static void createFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) return;
        Path parent = folder.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try {
            if (posix(folder)) Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER));
            else Files.createDirectory(folder);
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(folder)) throw raced;
        }
    }

    /** Creates {@code root} and each folder from it down to {@code folder} (inside it), 0700 where missing. */
    public static void createFolders(Path root, Path folder) throws IOException {
        createFolder(root);
        Path step = root;
        for (Path name : root.relativize(folder)) {
            step = step.resolve(name);
            createFolder(step);
        }
    }

    /** Creates an empty file 0600 (mode set at creation, not after); fails if it exists. */
    public static void createFile(Path file) throws IOException {
        FileAttribute<?>[] attributes = posix(file)
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
        Files.createFile(file, attributes);
    }

    /** Creates {@code file} 0600 if it does not exist yet (a replica's log before a process appends to it). */
    public static void ensureFile(Path file) throws IOException {
        try {
            createFile(file);
        } catch (FileAlreadyExistsException exists) {
            // kept as it is: secureHome narrowed it at start
        }
    }

    private static void restrict(Path p, Set<PosixFilePermission> mode) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) return; // never chmod a link's target
        if (!Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(mode)) {
            Files.setPosixFilePermissions(p, mode);
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
