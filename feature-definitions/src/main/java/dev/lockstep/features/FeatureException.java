package dev.lockstep.features;

/**
 * Root of the engine's unchecked exceptions. Every message names what failed (feature, column, tile,
 * file) and why, so it can be logged as is.
 */
public class FeatureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FeatureException(String message) {
        super(message);
    }

    public FeatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
