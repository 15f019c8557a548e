package dev.hearth.api.openai;

/** TGI's {@code system_fingerprint}: {@code "{version}-{docker_label or \"native\"}"}. */
public final class SystemFingerprint {

    private SystemFingerprint() {}

    /** {@code "<version>-native"}: Hearth has no docker label. */
    public static String of(String version) {
        return of(version, null);
    }

    public static String of(String version, String dockerLabel) {
        return version + "-" + (dockerLabel == null ? "native" : dockerLabel);
    }
}
