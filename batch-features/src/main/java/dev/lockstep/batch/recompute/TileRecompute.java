package dev.lockstep.batch.recompute;

import dev.lockstep.batch.archive.ArchiveReader;
import dev.lockstep.batch.kafka.KafkaTopicRange;
import dev.lockstep.batch.recompute.internal.KafkaRangeScan;
import dev.lockstep.batch.recompute.internal.ArchiveScan;
import dev.lockstep.batch.recompute.internal.ArchiveScan.Scanned;
import dev.lockstep.batch.recompute.internal.EventRow;
import dev.lockstep.batch.recompute.internal.EntityEvents;
import dev.lockstep.batch.recompute.internal.EntityTileFold;
import dev.lockstep.batch.recompute.internal.EventChunks;
import dev.lockstep.batch.recompute.internal.ScanTasks;
import dev.lockstep.features.engine.SourcePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Recomputes a source's tiles from the archive, for records that arrived in a range {@code [from, to)}:
 * acceptance, dedup, then tiling, all through the engine, so the tiles are byte for byte the ones
 * streaming built from the same records.
 *
 * <ol>
 *   <li>Scan: each archive file is read by one task; each record gets the engine's verdict.</li>
 *   <li>Dedup: events are shuffled by entity, so copies of an event (same entity, id and event time) meet in
 *       one task; the first by
 *       (arrival, partition, offset) wins. A copy can arrive up to {@code lateness + future skew} after
 *       another (every accepted copy arrives in {@code [event_time - skew, event_time + lateness]}), so
 *       records that arrived that long before {@code from} are scanned too, as possible earlier copies;
 *       they are never folded.</li>
 *   <li>Tiling: the same task holds every event of its entities, so it folds whole tiles (the engine's fold
 *       is order-independent and exact, so the bytes do not depend on partitioning or order). One
 *       shuffle in all.</li>
 * </ol>
 *
 * Plans are compiled on each executor from the {@link SpecHandle}; no engine object is serialized.
 */
public final class TileRecompute {

    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final SpecHandle spec;
    private final String sourceName;

    public TileRecompute(SparkSession spark, SpecHandle spec, String sourceName) {
        this.spark = spark;
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.spec = spec;
        this.sourceName = sourceName;
        spec.plan(sourceName); // fail fast on the driver for a bad spec or an unknown source
    }

    /**
     * Plans the recompute of an archive directory, reading only the files whose arrival bounds overlap
     * the range or its dedup look-behind. A bad file fails the run with a message naming it.
     */
    public RecomputeResult run(String archiveDirectory, ArchiveRange range, int inputPartitions) {
        return run(archiveDirectory, range, inputPartitions, false);
    }

    /**
     * As {@link #run(String, ArchiveRange, int)}; with {@code skipBadFiles}, a bad file is skipped whole
     * and reported in {@link RecomputeResult#skippedFiles()} instead of failing the run.
     */
    public RecomputeResult run(String archiveDirectory, ArchiveRange range, int inputPartitions, boolean skipBadFiles) {
        Map<String, Long> sizes = ArchiveReader.listFileSizes(archiveDirectory, range.fromMillis() - lookBehindMillis(),
                range.toMillis());
        return scan(new ArrayList<>(sizes.keySet()), sizes, range, inputPartitions, skipBadFiles);
    }

    /**
     * How long before a range records must be read for dedup: a copy of an event can arrive this long
     * after another (each accepted copy arrives in {@code [event_time - skew, event_time + lateness]}).
     */
    public long lookBehindMillis() {
        SourcePlan plan = spec.plan(sourceName);
        return plan.source().allowedLateness().toMillis() + plan.source().maxFutureSkew().toMillis();
    }

    /**
     * Plans the recompute of the given archive files. Nothing runs until the result is read.
     *
     * @param files           archive files (see {@link dev.lockstep.batch.archive.ArchiveReader#listFiles})
     * @param inputPartitions how many tasks read the files (fewer when there are fewer files), which are spread
     *                        over them by bytes; the result does not depend on it
     */
    public RecomputeResult run(List<String> files, ArchiveRange range, int inputPartitions) {
        return run(files, range, inputPartitions, false);
    }

    /** As {@link #run(List, ArchiveRange, int)}, optionally skipping (and reporting) bad files. */
    public RecomputeResult run(List<String> files, ArchiveRange range, int inputPartitions, boolean skipBadFiles) {
        return scan(files, ScanTasks.sizes(files), range, inputPartitions, skipBadFiles);
    }

    private RecomputeResult scan(List<String> files, Map<String, Long> sizes, ArchiveRange range, int inputPartitions,
                                 boolean skipBadFiles) {
        long lookBehind = lookBehindMillis();
        SpecHandle spec = this.spec;
        String source = this.sourceName;
        // Files spread over the tasks by bytes, so no core waits for a task with more full files than the rest.
        List<List<String>> tasks = ScanTasks.balance(files, sizes, Math.max(1, inputPartitions));
        JavaRDD<Scanned> scanned = jsc.parallelize(tasks, Math.max(1, tasks.size()))
                .flatMap(List::iterator)
                .flatMap(file -> ArchiveScan.scanFile(spec, source, file, range, lookBehind, skipBadFiles));
        // A task of the shuffle holds its events' bytes in memory, as a scan task reads a file: as many as files.
        return fromScanned(scanned, range, Math.max(inputPartitions, files.size()));
    }

    /**
     * Plans the recompute of the records of a Kafka topic range (Spark's Kafka source, batch mode,
     * {@code read_committed}), decoded through the schema registry exactly as the archiver decodes
     * them; the range must cover the arrival range and its look-behind (see
     * {@link KafkaTopicRange#byArrival}) for the tiles to equal those from the archive.
     *
     * @param registryUrl the schema registry every executor decodes with (see {@code SchemaRegistries.fromUrl})
     */
    public RecomputeResult run(KafkaTopicRange topicRange, String registryUrl, ArchiveRange range) {
        String topic = spec.plan(sourceName).source().topic();
        if (!topicRange.topic().equals(topic)) {
            throw new IllegalArgumentException("Invalid topic range of " + topicRange.topic() + ": source "
                    + sourceName + " reads topic " + topic);
        }
        JavaRDD<Scanned> scanned = KafkaRangeScan.scan(jsc, topicRange, registryUrl, spec, sourceName, range,
                lookBehindMillis());
        return fromScanned(scanned, range, scanned.getNumPartitions());
    }

    private RecomputeResult fromScanned(JavaRDD<Scanned> scanned, ArchiveRange range, int shufflePartitions) {
        SpecHandle spec = this.spec;
        String source = this.sourceName;
        JavaRDD<EventRow> accepted = scanned.filter(s -> s.event() != null).map(Scanned::event);

        // One shuffle, by entity: every copy of an event (same entity, id and event time) and every
        // event of a tile land in the same task, which keeps the first copies and folds whole tiles.
        // Events travel packed in chunks keyed by their partition number, which HashPartitioner maps to
        // itself (an Integer hashes to its value).
        int partitions = Math.max(shufflePartitions, jsc.defaultParallelism());
        JavaRDD<byte[]> shuffled = accepted
                .mapPartitionsToPair(events -> EventChunks.pack(events, partitions))
                .partitionBy(new HashPartitioner(partitions))
                .values();
        JavaRDD<EventRow> survivors = shuffled.mapPartitions(EntityEvents::firstOccurrencesInRange);
        JavaRDD<RecomputedTile> tiles = shuffled
                .mapPartitions(chunks -> EntityTileFold.foldPartition(spec, source, range, chunks));
        return new RecomputeResult(scanned, survivors, tiles, spec, source, range);
    }
}
