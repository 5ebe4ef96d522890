package dev.lockstep.batch.recompute;

import dev.lockstep.batch.recompute.internal.EventRow;
import dev.lockstep.features.accept.RejectReason;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * What a recompute produces. The datasets are lazy: each read runs the Spark jobs it needs, re-reading
 * the archive (the archive is immutable, so every read sees the same records).
 */
public final class RecomputeResult {

    private final JavaRDD<RecomputedTile> tiles;
    private final JavaRDD<Rejection> rejections;
    private final JavaRDD<EventRow> acceptedInRange;
    private final JavaRDD<EventRow> survivors;
    private final JavaRDD<SkippedFile> skippedFiles;
    private final SpecHandle spec;
    private final String sourceName;
    private final ArchiveRange range;

    RecomputeResult(JavaRDD<RecomputedTile> tiles, JavaRDD<Rejection> rejections, JavaRDD<EventRow> acceptedInRange,
                    JavaRDD<EventRow> survivors, JavaRDD<SkippedFile> skippedFiles, SpecHandle spec, String sourceName, ArchiveRange range) {
        this.spec = spec;
        this.sourceName = sourceName;
        this.range = range;
        this.tiles = tiles;
        this.rejections = rejections;
        this.acceptedInRange = acceptedInRange;
        this.survivors = survivors;
        this.skippedFiles = skippedFiles;
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

    /** Every tile touched by an event in the range, open or closed, complete or partial. */
    public JavaRDD<RecomputedTile> tiles() {
        return tiles;
    }

    /** The tiles that may be written to the online store (see {@link RecomputedTile#backfillable()}). */
    public JavaRDD<RecomputedTile> backfillableTiles() {
        return tiles.filter(RecomputedTile::backfillable);
    }

    /** The records of the range that the acceptance rules rejected, with reason and message. */
    public JavaRDD<Rejection> rejections() {
        return rejections;
    }

    /** How many records of the range were rejected, by reason code (reasons with none are absent). */
    public Map<RejectReason, Long> rejectedByReason() {
        Map<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);
        rejections.mapToPair(r -> new Tuple2<>(r.reason(), 1L)).reduceByKey(Long::sum).collectAsMap()
                .forEach(counts::put);
        return counts;
    }

    /**
     * The archive files skipped as bad (only with skip-bad-files; otherwise a bad file fails the run),
     * each with the reason, sorted by file name.
     */
    public List<SkippedFile> skippedFiles() {
        return skippedFiles.collect().stream().sorted(java.util.Comparator.comparing(SkippedFile::file)).toList();
    }

    /** How many accepted records of the range were later copies of an event, so not folded. */
    public long duplicates() {
        return acceptedInRange.count() - survivors.count();
    }
}
