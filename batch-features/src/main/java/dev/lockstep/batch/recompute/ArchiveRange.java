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
}
