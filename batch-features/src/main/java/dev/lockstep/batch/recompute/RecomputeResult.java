package dev.lockstep.batch.recompute;

import dev.lockstep.batch.recompute.internal.ArchiveScan.Scanned;
import dev.lockstep.batch.recompute.internal.EventRow;
import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.engine.GroupPlan;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;

/**
 * What a recompute produces. The datasets are lazy: each read runs the Spark jobs it needs, re-reading
 * the input (an archive is immutable and a topic range is fixed offsets, so every read sees the same
 * records) unless the caller persisted {@link #tiles()}. The record counts are computed once, on first use.
 */
public final class RecomputeResult {

    private final JavaRDD<Scanned> scanned;
    private final JavaRDD<EventRow> survivors;
    private final JavaRDD<RecomputedTile> tiles;
    private final SpecHandle spec;
    private final String sourceName;
    private final ArchiveRange range;
    private RecordCounts recordCounts;

    RecomputeResult(JavaRDD<Scanned> scanned, JavaRDD<EventRow> survivors, JavaRDD<RecomputedTile> tiles, SpecHandle spec,
                    String sourceName, ArchiveRange range) {
        this.scanned = scanned;
        this.survivors = survivors;
        this.tiles = tiles;
        this.spec = spec;
        this.sourceName = sourceName;
        this.range = range;
    }

    public SpecHandle spec() {
        return spec;
    }

    public String sourceName() {
        return sourceName;
    }

    public ArchiveRange range() {
        return range;
    }

    /** The accepted, deduplicated events of the range: what the tiles were folded from. */
    JavaRDD<EventRow> survivors() {
        return survivors;
    }

    /**
     * Every tile touched by an event in the range, open or closed, complete or partial. Reads of it and of
     * {@link #backfillableTiles()} share the same RDD, so persisting it (as the CLI does) computes the
     * tiles once for all outputs.
     */
    public JavaRDD<RecomputedTile> tiles() {
        return tiles;
    }

    /** The tiles that may be written to the online store (see {@link RecomputedTile#backfillable()}). */
    public JavaRDD<RecomputedTile> backfillableTiles() {
        return tiles.filter(RecomputedTile::backfillable);
    }

    /** The records of the range that the acceptance rules rejected, with reason and message. */
    public JavaRDD<Rejection> rejections() {
        return scanned.filter(s -> s.rejection() != null).map(Scanned::rejection);
    }

    /**
     * Rejections by reason, duplicates and skipped files, counted in one pass over the input the first time
     * any of them is asked for.
     */
    public synchronized RecordCounts recordCounts() {
        if (recordCounts == null) {
            ScanTally tally = scanned.aggregate(new ScanTally(), ScanTally::add, ScanTally::merge);
            recordCounts = tally.counts(survivorCount());
        }
        return recordCounts;
    }

    /**
     * How many events survived dedup. The engine folds each into exactly one tile per hop of every group
     * of the source ({@code TileFolder}), so one hop's tiles count them: read from the tiles (kept, where
     * the caller persisted them) instead of deduplicating the whole shuffle again.
     */
    private long survivorCount() {
        List<GroupPlan> groups = spec.plan(sourceName).groups();
        if (groups.isEmpty()) {
            return survivors.count();
        }
        String group = groups.get(0).name();
        long hop = groups.get(0).hops()[0];
        return tiles.filter(tile -> tile.hopMillis() == hop && tile.group().equals(group))
                .map(RecomputedTile::events).fold(0L, Long::sum);
    }

    /** How many records of the range were rejected, by reason code (reasons with none are absent). */
    public Map<RejectReason, Long> rejectedByReason() {
        return recordCounts().rejectedByReason();
    }

    /**
     * The archive files skipped as bad (only with skip-bad-files; otherwise a bad file fails the run),
     * each with the reason, sorted by file name.
     */
    public List<SkippedFile> skippedFiles() {
        return recordCounts().skippedFiles();
    }

    /** How many accepted records of the range were later copies of an event, so not folded. */
    public long duplicates() {
        return recordCounts().duplicates();
    }
}
