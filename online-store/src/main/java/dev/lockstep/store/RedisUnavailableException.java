package dev.lockstep.store;

/**
 * Redis could not be reached, or did not answer within the command timeout. Transient: the same store
 * instance recovers by itself once Redis is back (the client reconnects), so callers may retry.
 */
public class RedisUnavailableException extends OnlineStoreException {
    private static final long serialVersionUID = 1L;

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
