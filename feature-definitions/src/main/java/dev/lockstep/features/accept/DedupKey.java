package dev.lockstep.features.accept;

import java.util.Objects;

/**
 * Identity of an event for dedup: the same event id for the same entity at the same event time is one
 * event, whatever its payload. Including the event time bounds the dedup horizon: every accepted copy
 * arrives by {@code eventTime + allowed_lateness} (see {@link #forgettableAfterArrival}).
 */
public record DedupKey(String entityKey, String eventId, long eventTime) {

    public DedupKey {
        Objects.requireNonNull(entityKey, "entityKey");
        Objects.requireNonNull(eventId, "eventId");
    }

    /**
     * The arrival time after which no accepted duplicate of this key can come, so a streaming dedup
     * store may forget it once its arrival watermark has passed this value.
     */
    public long forgettableAfterArrival(long allowedLatenessMillis) {
        return eventTime + allowedLatenessMillis;
    }
}
