package dev.hearth.hub;

/**
 * Hears about each file of a download, in order, on the downloading thread. {@link #bytes} comes after each chunk
 * written, so a listener that draws should throttle itself.
 */
public interface DownloadProgress {

    DownloadProgress NONE = new DownloadProgress() {};

    /** A file is about to be transferred: {@code size} bytes in all, of which {@code resumedFrom} were already on disk. */
    default void started(String filename, long size, long resumedFrom) {}

    /** {@code done} of {@code size} bytes of the file are on disk. */
    default void bytes(String filename, long done, long size) {}

    /** The file is in the snapshot; {@code fromCache} when nothing had to be transferred. */
    default void finished(String filename, long size, boolean fromCache) {}
}
