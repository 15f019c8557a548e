package dev.hearth.models;

/**
 * What a model argument names cannot be served by Hearth: it does not exist, is not a model Hearth reads, or is a Hub
 * id missing from the cache while offline. The message is for the user and names the argument.
 */
public class UnservableModelException extends IllegalArgumentException {
    public UnservableModelException(String message) {
        super(message);
    }
}
