package dev.lockstep.batch.recompute.internal;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.Dedup;
import dev.lockstep.features.event.EventOrder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

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

    /**
     * The events of one task that survive dedup and lie in the range: those without an id, and the first
     * copy of each event with one. All copies of an event must be in the task (the shuffle is by entity).
     */
    public static Iterator<EventRow> firstOccurrencesInRange(Iterator<EventRow> events) {
        Map<DedupId, EventRow> first = new HashMap<>();
        List<EventRow> out = new ArrayList<>();
        while (events.hasNext()) {
            EventRow event = events.next();
            if (event.eventId == null) {
                if (event.inRange) {
                    out.add(event);
                }
            } else {
                first.merge(event.dedupId(), event, EventRow::firstOccurrence);
            }
        }
        for (EventRow event : first.values()) {
            if (event.inRange) {
                out.add(event);
            }
        }
        return out.iterator();
    }

    /** Spark's shuffles use Java serialization: a compact proxy instead of the record's reflective form. */
    private Object writeReplace() {
        return new EventRowForm(this);
    }

    /** Serializable twin of the engine's {@code DedupKey}: (entity, event id, event time). */
    public record DedupId(String entityKey, String eventId, long eventTime) implements Serializable {
    }
}
