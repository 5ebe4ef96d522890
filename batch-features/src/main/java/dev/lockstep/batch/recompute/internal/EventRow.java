package dev.lockstep.batch.recompute.internal;

import dev.lockstep.features.accept.AcceptedEvent;
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
        return new AcceptedEvent(entityKey, order(), eventId, values);
    }

    public EventOrder order() {
        return new EventOrder(eventTime, arrival, partition, offset);
    }

    /** Spark's shuffles use Java serialization: a compact proxy instead of the record's reflective form. */
    private Object writeReplace() {
        return new EventRowForm(this);
    }
}
