package dev.lockstep.batch.backfill;

import dev.lockstep.store.WriteReport;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a backfill did with the tiles it offered to the online store, summed over all tasks, and with each group's
 * batch watermark: published (the watermark), or withheld (why).
 */
public record BackfillReport(long written, long skippedAsNotNewer, long skippedAsExpired,
        Map<String, Long> watermarksPublished, Map<String, String> watermarksWithheld) implements Serializable {

    public static final BackfillReport EMPTY = new BackfillReport(0, 0, 0);

    public BackfillReport {
        watermarksPublished = Collections.unmodifiableMap(new TreeMap<>(watermarksPublished));
        watermarksWithheld = Collections.unmodifiableMap(new TreeMap<>(watermarksWithheld));
    }

    /** Tile counts alone (a task's), no watermark decided. */
    public BackfillReport(long written, long skippedAsNotNewer, long skippedAsExpired) {
        this(written, skippedAsNotNewer, skippedAsExpired, Map.of(), Map.of());
    }

    static BackfillReport of(WriteReport report) {
        return new BackfillReport(report.written(), report.skippedAsNotNewer(), report.skippedAsExpired());
    }

    public BackfillReport plus(BackfillReport other) {
        Map<String, Long> published = new TreeMap<>(watermarksPublished);
        published.putAll(other.watermarksPublished);
        Map<String, String> withheld = new TreeMap<>(watermarksWithheld);
        withheld.putAll(other.watermarksWithheld);
        return new BackfillReport(written + other.written, skippedAsNotNewer + other.skippedAsNotNewer,
                skippedAsExpired + other.skippedAsExpired, published, withheld);
    }

    /** These counts with the given watermark decisions. */
    BackfillReport withWatermarks(Map<String, Long> published, Map<String, String> withheld) {
        return new BackfillReport(written, skippedAsNotNewer, skippedAsExpired, published, withheld);
    }

    /**
     * For the console: {@code batch watermark 2026-01-01T00:00:00Z for [a, b]} (what each group's watermark is after
     * the run: this run's end, or a later one already there), then each withheld group with its reason.
     */
    public String watermarkSummary() {
        StringBuilder summary = new StringBuilder();
        Map<Long, List<String>> byWatermark = new TreeMap<>();
        watermarksPublished.forEach((group, at) -> byWatermark.computeIfAbsent(at, unused -> new ArrayList<>()).add(group));
        byWatermark.forEach((at, groups) -> summary.append(summary.length() == 0 ? "" : "; ").append("batch watermark ")
                .append(Instant.ofEpochMilli(at)).append(" for ").append(groups));
        watermarksWithheld.forEach((group, why) -> summary.append(summary.length() == 0 ? "" : "; ")
                .append("batch watermark of ").append(group).append(" left where it was: ").append(why));
        return summary.length() == 0 ? "no batch watermark published" : summary.toString();
    }

    public long offered() {
        return written + skippedAsNotNewer + skippedAsExpired;
    }
}
