package dev.hearth.worker;

/** Hearth's version, as /info and system_fingerprint report it. */
public final class HearthVersion {
    public static final String VERSION = "0.1.0";

    private HearthVersion() {}
}
