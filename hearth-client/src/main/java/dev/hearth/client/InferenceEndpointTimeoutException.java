package dev.hearth.client;

/** {@link InferenceEndpoint#waitUntilRunning} ran out of time. huggingface_hub's {@code InferenceEndpointTimeoutError}. */
public class InferenceEndpointTimeoutException extends InferenceEndpointException {

    public InferenceEndpointTimeoutException(String message) {
        super(message);
    }
}
