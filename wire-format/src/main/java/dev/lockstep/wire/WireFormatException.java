package dev.lockstep.wire;

/**
 * Root of this module's unchecked exceptions. Every message names what failed (subject, schema id,
 * URL, field path, byte length) and why, so it can be logged or put on a dead-letter record as is.
 */
public class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
