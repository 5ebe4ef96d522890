package dev.lockstep.features.accept;

/**
 * Why a source record was rejected. The codes are the {@code reason_code} values of the dead-letter
 * envelope (schemas/DeadLetter.avsc); batch counts rejections by the same codes. All but
 * {@link #ARRIVAL_REGRESSED} are verdicts of the acceptance rules, which both paths apply alike.
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
    TOO_FAR_IN_FUTURE,
    /**
     * Streaming only, never an acceptance verdict: the record is acceptable, but its partition's arrival
     * times stepped back (a leader moved to a broker with a slower clock, a clock step) further than the
     * configured margin, past where the task had already dropped closed tiles and forgotten dedup keys, so
     * it cannot be folded exactly. Batch accepts it; a backfill of its range applies it.
     */
    ARRIVAL_REGRESSED
}
