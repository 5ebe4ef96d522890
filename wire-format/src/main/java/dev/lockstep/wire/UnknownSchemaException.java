package dev.lockstep.wire;

import dev.lockstep.features.accept.RejectReason;

/**
 * The registry has no schema with this id. On decode this means the record names a schema that was
 * never registered here (wrong registry, or a deleted schema), which is a fault of the record: route
 * it to the dead-letter queue with reason {@code UNKNOWN_SCHEMA}.
 */
public class UnknownSchemaException extends RecordDecodeException {
    private static final long serialVersionUID = 1L;

    private final int schemaId;

    public UnknownSchemaException(int schemaId, String message) {
        super(message);
        this.schemaId = schemaId;
    }

    /** The id that was asked for. */
    public int schemaId() {
        return schemaId;
    }

    /** {@code UNKNOWN_SCHEMA}: the record names a schema this registry does not have. */
    @Override
    public RejectReason rejectReason() {
        return RejectReason.UNKNOWN_SCHEMA;
    }
}
