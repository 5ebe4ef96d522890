package dev.lockstep.wire;

import dev.lockstep.features.accept.RejectReason;

/**
 * The bytes are not a record we can read: too short for the header, a magic byte other than 0, Avro
 * data that is truncated or garbage, or a writer schema the reader schema cannot be resolved against.
 * The {@link Reason} is the dead-letter reason code.
 */
public class UndecodableRecordException extends RecordDecodeException {
    private static final long serialVersionUID = 1L;

    /** Why the record could not be decoded; stable names, usable as dead-letter reason codes. */
    public enum Reason {
        /** Null, or fewer than the 5 header bytes. */
        TOO_SHORT,
        /** The first byte is not the Confluent magic byte 0. */
        UNKNOWN_MAGIC_BYTE,
        /** The Avro body is truncated, malformed, or has bytes left over after the record. */
        MALFORMED_AVRO,
        /** The writer schema cannot be resolved into the reader schema. */
        INCOMPATIBLE_SCHEMA
    }

    private final Reason reason;

    public UndecodableRecordException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public UndecodableRecordException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The dead-letter reason code. */
    public Reason reason() {
        return reason;
    }

    /**
     * {@code UNKNOWN_SCHEMA} for a writer schema the reader schema cannot be resolved against (the record
     * is fine, its schema is not one this source knows how to read), {@code UNDECODABLE} otherwise.
     */
    @Override
    public RejectReason rejectReason() {
        return reason == Reason.INCOMPATIBLE_SCHEMA ? RejectReason.UNKNOWN_SCHEMA : RejectReason.UNDECODABLE;
    }
}
