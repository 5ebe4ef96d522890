package dev.lockstep.features.event;

import java.util.Comparator;

/**
 * An accepted event's place in the total order both paths use for first/last/last_n and dedup:
 * event time, then arrival (the broker's record timestamp), then source partition, then offset.
 * (partition, offset) identify a source record, so no two distinct records compare equal.
 */
public record EventOrder(long eventTime, long arrival, int partition, long offset) implements Comparable<EventOrder> {

    /** Dedup order: the first occurrence by (arrival, partition, offset) wins. */
    public static final Comparator<EventOrder> ARRIVAL_ORDER = Comparator.comparingLong(EventOrder::arrival)
            .thenComparingInt(EventOrder::partition)
            .thenComparingLong(EventOrder::offset);

    @Override
    public int compareTo(EventOrder other) {
        return compare(eventTime, arrival, partition, offset, other);
    }

    /**
     * Compares an order given by its fields with {@code other}, as {@link #compareTo} does: for readers
     * that decide from encoded fields whether an order wins before building it.
     */
    public static int compare(long eventTime, long arrival, int partition, long offset, EventOrder other) {
        // Field by field rather than a Comparator chain: first/last/last_n compare on every update.
        int byTime = Long.compare(eventTime, other.eventTime);
        if (byTime != 0) {
            return byTime;
        }
        int byArrival = Long.compare(arrival, other.arrival);
        if (byArrival != 0) {
            return byArrival;
        }
        int byPartition = Integer.compare(partition, other.partition);
        return byPartition != 0 ? byPartition : Long.compare(offset, other.offset);
    }
}
