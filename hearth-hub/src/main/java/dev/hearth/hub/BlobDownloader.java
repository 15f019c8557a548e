package dev.hearth.hub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Brings one blob into {@code blobs/}: resumes {@code blobs/<etag>.incomplete} with a Range request, verifies the
 * size (and the sha256 when the ETag is one, as it is for LFS files), then renames it into place.
 *
 * <p>Concurrency: one writer per blob, across processes by a {@link FileLock} on
 * {@code .locks/models--org--name/<etag>.lock} (the path huggingface_hub locks), and across threads of this JVM by a
 * lock per lock path, because a JVM holds file locks per process and throws when a second thread asks for the same
 * one. The in-JVM locks belong to this downloader (one per {@link HubClient}) and exist only while a download of
 * their blob runs, so a long-lived server does not keep one per blob it ever fetched. Two clients in one JVM have
 * separate in-JVM locks: the second to reach the file lock is told it overlaps, and polls until the first lets go.
 * Whoever gets the lock second finds the blob complete and does not download it again. The JDK's lock is an fcntl
 * lock and Python's filelock an flock, which Linux keeps apart: Hearth processes exclude each other, but a Hearth
 * and a huggingface_hub download of the same blob at the same moment are not serialised.
 */
final class BlobDownloader {

    private static final Logger log = LoggerFactory.getLogger(BlobDownloader.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** How often a download waits for the file lock another client of this JVM holds. */
    private static final long OVERLAP_POLL_MILLIS = 50;

    private final HubHttp http;
    private final KeyedLocks<Path> threads = new KeyedLocks<>();

    BlobDownloader(HubHttp http) {
        this.http = http;
    }

    /** Returns the complete blob for {@code meta}, downloading it unless it is already there. */
    Path fetch(Path blob, Path lockFile, HubHttp.FileMetadata meta, String filename, DownloadProgress progress) {
        try {
            Files.createDirectories(blob.getParent());
            Files.createDirectories(lockFile.getParent());
            try (KeyedLocks.Held inJvm = threads.lock(lockFile)) {
                try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock lock = lockAcrossProcesses(lockChannel)) {
                    assert lock.isValid();
                    if (Files.isRegularFile(blob)) return blob; // another thread or process finished it meanwhile
                    Path incomplete = blob.resolveSibling(blob.getFileName() + ".incomplete");
                    transfer(incomplete, meta, filename, progress);
                    verify(incomplete, meta, filename);
                    Files.move(incomplete, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    return blob;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into the Hub cache at " + blob.getParent(), e);
        }
    }

    /** The file lock; blocks while another process holds it, polls while another client of this JVM does. */
    private static FileLock lockAcrossProcesses(FileChannel channel) throws IOException {
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException e) {
                try {
                    Thread.sleep(OVERLAP_POLL_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for " + channel);
                }
            }
        }
    }

    /** Appends to {@code incomplete} until it holds the whole file; on a cut connection, what arrived stays there. */
    private void transfer(Path incomplete, HubHttp.FileMetadata meta, String filename, DownloadProgress progress)
            throws IOException {
        long offset = Files.isRegularFile(incomplete) ? Files.size(incomplete) : 0;
        if (meta.size() >= 0 && offset > meta.size()) offset = 0; // not a prefix of this blob: start over
        if (meta.size() >= 0 && offset == meta.size()) return;   // complete but not yet verified, e.g. a crash before rename
        HttpResponse<InputStream> r = http.download(meta.location(), offset, filename);
        try (InputStream body = r.body()) {
            if (r.statusCode() == 416) return; // nothing left to send: verification decides
            boolean append = r.statusCode() == 206 && offset > 0;
            if (!append) offset = 0;
            if (append) log.info("Resuming {} at byte {}", filename, offset);
            progress.started(filename, meta.size(), offset);
            try (FileChannel out = FileChannel.open(incomplete, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buf = new byte[1 << 16];
                long done = offset;
                for (int n; (n = body.read(buf)) > 0; ) {
                    out.write(ByteBuffer.wrap(buf, 0, n));
                    done += n;
                    progress.bytes(filename, done, meta.size());
                }
            } catch (IOException e) {
                long have = Files.isRegularFile(incomplete) ? Files.size(incomplete) : 0;
                throw new HubException.Network("download of " + filename + " was interrupted after " + have
                        + " bytes (" + e.getMessage() + "); run again to resume", e);
            }
        }
    }

    /** Size, then sha256 for LFS blobs; a file that fails is deleted, since resuming it cannot fix it. */
    private static void verify(Path incomplete, HubHttp.FileMetadata meta, String filename) throws IOException {
        long size = Files.isRegularFile(incomplete) ? Files.size(incomplete) : -1;
        if (meta.size() >= 0 && size != meta.size()) {
            if (size > meta.size()) Files.deleteIfExists(incomplete);
            throw new HubException.Network("download of " + filename + " is incomplete: " + size + " of " + meta.size()
                    + " bytes; run again to resume");
        }
        if (SHA256.matcher(meta.etag()).matches()) {
            String actual = sha256(incomplete);
            if (!actual.equals(meta.etag())) {
                Files.deleteIfExists(incomplete);
                throw new HubException.Network("download of " + filename + " is corrupt: sha256 " + actual
                        + " but the Hub says " + meta.etag() + "; run again to download it afresh");
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
