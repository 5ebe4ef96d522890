package dev.lockstep.features.accept;

import dev.lockstep.features.event.EventOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An event that passed the acceptance rules, reduced to what the engine needs: its entity, its place in
 * the total order, its event id (if the source has one), and the values of the source's feature columns
 * in {@link dev.lockstep.features.engine.SourcePlan#columns()} order ({@code null} where the column is null).
 */
public record AcceptedEvent(String entityKey, EventOrder order, String eventId, Object[] columnValues) {

    public AcceptedEvent {
        Objects.requireNonNull(entityKey, "entityKey");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(columnValues, "columnValues");
    }

    public long eventTime() {
        return order.eventTime();
    }

    public long arrival() {
        return order.arrival();
    }

    /** The dedup identity, when the source names an event id and this event has one. */
    public Optional<DedupKey> dedupKey() {
        return eventId == null ? Optional.empty() : Optional.of(new DedupKey(entityKey, eventId, order.eventTime()));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AcceptedEvent that && entityKey.equals(that.entityKey) && order.equals(that.order)
                && Objects.equals(eventId, that.eventId) && Arrays.equals(columnValues, that.columnValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entityKey, order, eventId, Arrays.hashCode(columnValues));
    }

    @Override
    public String toString() {
        return "AcceptedEvent[" + entityKey + ", " + order + ", id=" + eventId + ", " + Arrays.toString(columnValues) + "]";
    }
}
