package dev.lockstep.batch.recompute;

import dev.lockstep.batch.recompute.internal.ArchiveScan.Scanned;
import dev.lockstep.features.accept.RejectReason;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of a scan, summed in one pass over it (a Spark aggregate) instead of one job per count, so a
 * report reads the input once more, not three times.
 */
final class ScanTally implements Serializable {

    private final long[] rejected = new long[RejectReason.values().length];
    private long acceptedInRange;
    private final List<SkippedFile> skipped = new ArrayList<>();

    /** Spark's aggregate may mutate and return its first argument. */
    ScanTally add(Scanned scanned) {
        if (scanned.rejection() != null) {
            rejected[scanned.rejection().reason().ordinal()]++;
        } else if (scanned.event() != null) {
            acceptedInRange += scanned.event().inRange() ? 1 : 0;
        } else {
            skipped.add(scanned.skipped());
        }
        return this;
    }

    ScanTally merge(ScanTally other) {
        for (int i = 0; i < rejected.length; i++) {
            rejected[i] += other.rejected[i];
        }
        acceptedInRange += other.acceptedInRange;
        skipped.addAll(other.skipped);
        return this;
    }

    /** The counts, given how many accepted events of the range survived dedup. */
    RecordCounts counts(long survivors) {
        Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            if (rejected[reason.ordinal()] > 0) {
                byReason.put(reason, rejected[reason.ordinal()]);
            }
        }
        return new RecordCounts(byReason, acceptedInRange - survivors,
                skipped.stream().sorted(Comparator.comparing(SkippedFile::file)).toList());
    }
}
