package dev.lockstep.batch.recompute.internal;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.Dedup;
import dev.lockstep.features.event.EventOrder;
import java.io.Serializable;

/**
 * An accepted event as it travels between Spark stages: {@link AcceptedEvent} flattened into
 * serializable fields (column values are Long, Double, String, Boolean or null).
 *
 * @param inRange whether it arrived within the recompute range; events from the look-behind before the
 *                range only take part in dedup, as earlier copies that win over copies in the range
 */
public record EventRow(String entityKey, String eventId, long eventTime, long arrival, int partition, long offset,
                       Object[] values, boolean inRange) implements Serializable {

    public static EventRow of(AcceptedEvent event, boolean inRange) {
        EventOrder order = event.order();
        return new EventRow(event.entityKey(), event.eventId(), order.eventTime(), order.arrival(),
                order.partition(), order.offset(), event.columnValues(), inRange);
    }

    public AcceptedEvent toAccepted() {
        return new AcceptedEvent(entityKey, new EventOrder(eventTime, arrival, partition, offset), eventId, values);
    }

    /** The dedup identity, or null for an event without an id (never a duplicate). */
    public DedupId dedupId() {
        return eventId == null ? null : new DedupId(entityKey, eventId, eventTime);
    }

    /**
     * Of two copies of one event, the one the engine's dedup rule keeps. Commutative and associative
     * (positions are unique), so Spark may reduce copies in any order.
     */
    public static EventRow firstOccurrence(EventRow a, EventRow b) {
        return Dedup.wins(b.toAccepted(), a.toAccepted()) ? b : a;
    }

    /** Serializable twin of the engine's {@code DedupKey}: (entity, event id, event time). */
    public record DedupId(String entityKey, String eventId, long eventTime) implements Serializable {
    }
}
