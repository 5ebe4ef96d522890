package dev.lockstep.wire;

import dev.lockstep.features.accept.RejectReason;

/**
 * A value that cannot be decoded because of the value itself, not because of the registry or the
 * network: the record is rejected and goes to the dead-letter queue with {@link #rejectReason()}. This
 * is the one place decode failures are mapped to reject reasons, so streaming and batch reject the same
 * records with the same reason (design brief section 4: an event is accepted only if it decodes).
 */
public abstract class RecordDecodeException extends WireFormatException {
    private static final long serialVersionUID = 1L;

    protected RecordDecodeException(String message) {
        super(message);
    }

    protected RecordDecodeException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The engine's reason code for rejecting the record. */
    public abstract RejectReason rejectReason();
}
