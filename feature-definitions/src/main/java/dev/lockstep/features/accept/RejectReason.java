package dev.lockstep.features.accept;

/**
 * Why a source record was rejected. The codes are the {@code reason_code} values of the dead-letter
 * envelope (schemas/DeadLetter.avsc); batch counts rejections by the same codes.
 */
public enum RejectReason {
    /** The bytes are not a valid record of the source's wire format. */
    UNDECODABLE,
    /** The record names a schema id the registry does not know, or a schema the source cannot read. */
    UNKNOWN_SCHEMA,
    MISSING_ENTITY_KEY,
    MISSING_EVENT_TIME,
    /** A column value no aggregation can take: NaN or an infinity. */
    INVALID_VALUE,
    /** {@code event_time < arrival - allowed_lateness}. */
    TOO_LATE,
    /** {@code event_time > arrival + max_future_skew}. */
    TOO_FAR_IN_FUTURE
}
