package dev.hearth.kubernetes;

import dev.hearth.server.endpoint.EndpointId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Names, labels and annotations of the objects Hearth owns. Labels are what selectors and {@code kubectl get -l}
 * use, so they are cut to Kubernetes' label syntax; the annotations keep the exact values, and are what recovery
 * reads back.
 */
final class ObjectNames {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String HEARTH = "hearth";
    static final String NAMESPACE = "hearth.dev/namespace";
    static final String ENDPOINT = "hearth.dev/endpoint";
    static final String INCARNATION = "hearth.dev/incarnation";
    static final String SPEC_VERSION = "hearth.dev/spec-version";
    /** On pods: the Deployment they belong to, the selector of its pods. */
    static final String DEPLOYMENT = "hearth.dev/deployment";
    /** Annotation: the port the gateway reaches the pods at. */
    static final String PORT = "hearth.dev/port";
    /** The Secret's key holding the replica key. */
    static final String API_KEY = "API_KEY";

    private ObjectNames() {}

    /**
     * One Deployment (and its Secret) per endpoint incarnation and spec version, e.g. {@code hearth-demo-1a2b3c4d-v3}:
     * short enough for the ReplicaSet and pod names Kubernetes derives from it, unique through the hash of the
     * namespace, name and incarnation.
     */
    static String deployment(EndpointId id, String incarnation, long specVersion) {
        String slug = id.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
        if (slug.length() > 24) slug = slug.substring(0, 24);
        slug = slug.replaceAll("^-+|-+$", "");
        return "hearth-" + (slug.isEmpty() ? "" : slug + "-") + hash(id.namespace() + "/" + id.name() + "/" + incarnation)
                + "-v" + specVersion;
    }

    static Map<String, String> labels(EndpointId id, String incarnation, long specVersion, String deployment) {
        return Map.of(MANAGED_BY, HEARTH, NAMESPACE, labelValue(id.namespace()), ENDPOINT, labelValue(id.name()),
                INCARNATION, labelValue(incarnation), SPEC_VERSION, Long.toString(specVersion), DEPLOYMENT, deployment);
    }

    static Map<String, String> annotations(EndpointId id, String incarnation, long specVersion, int port) {
        return Map.of(NAMESPACE, id.namespace(), ENDPOINT, id.name(), INCARNATION, incarnation,
                SPEC_VERSION, Long.toString(specVersion), PORT, Integer.toString(port));
    }

    /** A label value: at most 63 characters of {@code [A-Za-z0-9-_.]}, starting and ending alphanumeric. */
    static String labelValue(String s) {
        String v = s.replaceAll("[^A-Za-z0-9._-]", "_");
        if (v.length() > 63) v = v.substring(0, 63);
        return v.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
