package dev.lockstep.store;

/**
 * Root of the online store's unchecked exceptions. Every message names the operation, the group/entity
 * or key, and the cause, so it can be logged as is.
 */
public class OnlineStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OnlineStoreException(String message) {
        super(message);
    }

    public OnlineStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
