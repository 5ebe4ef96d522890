package dev.lockstep.wire;

import java.util.OptionalInt;

/**
 * The schema registry could not answer: unreachable, timed out, an HTTP error, a response we cannot
 * read, or a bad registry URL. This is an infrastructure failure, not a fault of the record being
 * encoded or decoded, so a consumer should retry or stop rather than dead-letter the record.
 */
public class SchemaRegistryException extends WireFormatException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;

    public SchemaRegistryException(String message) {
        this(message, -1, null);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        this(message, -1, cause);
    }

    public SchemaRegistryException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status the registry answered with, if it answered at all. */
    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }
}
