package dev.lockstep.batch.offline;

/** An offline output (tile table, training set) could not be written; the message names the path. */
public class OfflineOutputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OfflineOutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
