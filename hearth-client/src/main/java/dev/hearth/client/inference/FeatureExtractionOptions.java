package dev.hearth.client.inference;

/**
 * huggingface_hub's {@code feature_extraction} options, sent at the root of the body (TEI's {@code /embed}); every
 * {@code null} is left out.
 *
 * @param truncationDirection {@code left} or {@code right}
 */
public record FeatureExtractionOptions(Boolean normalize, String promptName, Boolean truncate,
                                       String truncationDirection, Integer dimensions) {

    /** The server's defaults. */
    public static FeatureExtractionOptions defaults() {
        return new FeatureExtractionOptions(null, null, null, null, null);
    }
}
