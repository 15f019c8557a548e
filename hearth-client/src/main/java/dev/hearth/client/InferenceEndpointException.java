package dev.hearth.client;

/**
 * An endpoint cannot do what was asked: it failed to deploy or to update while being waited for, or a client was
 * requested before it has a URL. huggingface_hub's {@code InferenceEndpointError}.
 */
public class InferenceEndpointException extends HearthException {

    public InferenceEndpointException(String message) {
        super(message);
    }
}
