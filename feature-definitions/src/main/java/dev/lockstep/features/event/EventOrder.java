package dev.lockstep.features.event;

import java.util.Comparator;

/**
 * An accepted event's place in the total order both paths use for first/last/last_n and dedup:
 * event time, then arrival (the broker's record timestamp), then source partition, then offset.
 * (partition, offset) identify a source record, so no two distinct records compare equal.
 */
public record EventOrder(long eventTime, long arrival, int partition, long offset) implements Comparable<EventOrder> {

    private static final Comparator<EventOrder> ORDER = Comparator.comparingLong(EventOrder::eventTime)
            .thenComparingLong(EventOrder::arrival)
            .thenComparingInt(EventOrder::partition)
            .thenComparingLong(EventOrder::offset);

    /** Dedup order: the first occurrence by (arrival, partition, offset) wins. */
    public static final Comparator<EventOrder> ARRIVAL_ORDER = Comparator.comparingLong(EventOrder::arrival)
            .thenComparingInt(EventOrder::partition)
            .thenComparingLong(EventOrder::offset);

    @Override
    public int compareTo(EventOrder other) {
        return ORDER.compare(this, other);
    }
}
