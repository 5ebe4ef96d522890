package dev.lockstep.batch.backfill;

import dev.lockstep.store.WriteReport;
import java.io.Serializable;

/** What a backfill did with the tiles it offered to the online store, summed over all tasks. */
public record BackfillReport(long written, long skippedAsNotNewer, long skippedAsExpired) implements Serializable {

    public static final BackfillReport EMPTY = new BackfillReport(0, 0, 0);

    static BackfillReport of(WriteReport report) {
        return new BackfillReport(report.written(), report.skippedAsNotNewer(), report.skippedAsExpired());
    }

    public BackfillReport plus(BackfillReport other) {
        return new BackfillReport(written + other.written, skippedAsNotNewer + other.skippedAsNotNewer,
                skippedAsExpired + other.skippedAsExpired);
    }

    public long offered() {
        return written + skippedAsNotNewer + skippedAsExpired;
    }
}
