package dev.lockstep.batch.recompute;

import dev.lockstep.features.accept.RejectReason;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What became of a recompute's records, for the report: rejections by reason code (reasons with none
 * are absent), accepted copies of an event that were not folded, and archive files skipped as bad
 * (only with skip-bad-files), sorted by name.
 */
public record RecordCounts(Map<RejectReason, Long> rejectedByReason, long duplicates, List<SkippedFile> skippedFiles) {

    public RecordCounts {
        rejectedByReason = Collections.unmodifiableMap(new TreeMap<>(rejectedByReason)); // in the enum's order, for reports
        skippedFiles = List.copyOf(skippedFiles);
    }
}
