package dev.lockstep.batch.recompute;

import java.io.Serializable;

/**
 * A half-open range of arrival times {@code [fromMillis, toMillis)}: the archive records a recompute
 * folds. Tiles are judged closed at {@code toMillis}.
 */
public record ArchiveRange(long fromMillis, long toMillis) implements Serializable {

    public ArchiveRange {
        if (fromMillis >= toMillis) {
            throw new IllegalArgumentException("Invalid arrival range [" + fromMillis + ", " + toMillis
                    + "): from must be before to");
        }
    }

    public boolean contains(long arrivalMillis) {
        return arrivalMillis >= fromMillis && arrivalMillis < toMillis;
    }

    /**
     * Whether no accepted event with an event time at or after {@code eventTimeMillis} can have arrived
     * before the range's start: such an event arrives no earlier than its event time minus the source's
     * future skew. A tile starting there is complete in the range (nothing it holds arrived before it).
     */
    public boolean missesNoEventFrom(long eventTimeMillis, long futureSkewMillis) {
        return eventTimeMillis - futureSkewMillis >= fromMillis;
    }
}
