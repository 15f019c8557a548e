package dev.hearth.client;

/** {@link Batches#waitFor} ran out of time; the batch goes on on the server. {@link #last()} is how it stood. */
public class BatchTimeoutException extends HearthException {

    private final Batch last;

    public BatchTimeoutException(String message, Batch last) {
        super(message);
        this.last = last;
    }

    /** The batch as the last poll found it. */
    public Batch last() {
        return last;
    }
}
