package dev.lockstep.batch.cli;

import dev.lockstep.batch.BatchSession;
import dev.lockstep.batch.archive.ArchiveException;
import dev.lockstep.batch.archive.ArchiveReader;
import dev.lockstep.batch.kafka.KafkaTopicRange;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.SkippedFile;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.TileRecompute;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A resolved recompute: the spec, the groups per source and the arrival range, plus the checks and
 * steps the commands share. Inputs are checked before Spark starts, so a wrong path fails in a second.
 */
final class BatchJob {

    private final InputOptions options;
    private final SpecHandle spec;
    private final Map<String, Set<String>> groupsBySource;
    private final ArchiveRange range;
    private final Map<String, KafkaTopicRange> topicRanges = new LinkedHashMap<>();

    BatchJob(JobSelection selection, ArchiveRange range) {
        this.options = selection.options();
        this.spec = selection.spec();
        this.groupsBySource = selection.groupsBySource();
        this.range = range;
    }

    SpecHandle spec() {
        return spec;
    }

    ArchiveRange range() {
        return range;
    }

    Map<String, Set<String>> groupsBySource() {
        return groupsBySource;
    }

    boolean dryRun() {
        return options.dryRun;
    }

    /** Fails unless the input can be read: the archive directory exists, or Kafka answers for each topic. */
    void checkInput(PrintWriter out) {
        if (options.archive != null) {
            Path dir = new Path(options.archive);
            try {
                FileSystem fs = dir.getFileSystem(new Configuration());
                if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
                    throw new BatchCliException("archive directory " + options.archive + " does not exist or is not a directory", null);
                }
            } catch (java.io.IOException e) {
                throw new BatchCliException("cannot read archive directory " + options.archive + ": " + e.getMessage(), e);
            }
            List<String> files;
            try {
                files = ArchiveReader.listFiles(options.archive, range.fromMillis() - maxLookBehind(), range.toMillis());
            } catch (ArchiveException e) {
                throw new BatchCliException(e.getMessage(), e);
            }
            out.printf("input: archive %s, %d file(s) overlap the range and its look-behind%n", options.archive, files.size());
            return;
        }
        for (String source : groupsBySource.keySet()) {
            String topic = spec.plan(source).source().topic();
            KafkaTopicRange topicRange;
            try {
                topicRange = options.topicRange != null
                        ? KafkaTopicRange.parse(options.kafkaBootstrap, topic, options.topicRange, options.kafkaClient)
                        : KafkaTopicRange.byArrival(options.kafkaBootstrap, topic, range.fromMillis() - lookBehind(source),
                                range.toMillis(), options.kafkaClient);
            } catch (IllegalArgumentException e) {
                throw new BatchCliException(e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new BatchCliException("cannot read topic " + topic + " from Kafka at " + options.kafkaBootstrap
                        + ": " + e.getMessage(), e);
            }
            topicRanges.put(source, topicRange);
            out.printf("input: topic range %s (%,d offsets)%n", topicRange, topicRange.offsetCount());
        }
    }

    /** Describes the job before it runs. */
    void describe(PrintWriter out, String action) {
        out.printf("%s%s: groups %s over arrivals [%s, %s)%n", options.dryRun ? "dry run of " : "", action,
                groupsBySource, Instant.ofEpochMilli(range.fromMillis()), Instant.ofEpochMilli(range.toMillis()));
    }

    SparkSession startSpark(String appName) {
        return BatchSession.forMaster(appName, options.master);
    }

    SparkProgress progress(SparkSession spark, PrintWriter out) {
        return new SparkProgress(spark, out, options.progressInterval);
    }

    /** Plans the recompute of each source (lazy). */
    Map<String, RecomputeResult> recompute(SparkSession spark) {
        Map<String, RecomputeResult> results = new LinkedHashMap<>();
        int partitions = options.partitions > 0 ? options.partitions : 2 * spark.sparkContext().defaultParallelism();
        for (String source : groupsBySource.keySet()) {
            TileRecompute recompute = new TileRecompute(spark, spec, source);
            results.put(source, options.archive != null
                    ? recompute.run(options.archive, range, partitions, options.skipBadFiles)
                    : recompute.run(topicRanges.get(source), options.schemaRegistry, range));
        }
        return results;
    }

    /**
     * Keeps each source's tiles after their first computation (memory, then local disk; see
     * {@link #release}), so every later output (counts, Redis, tables, training rows) reads them instead
     * of recomputing them from the shuffle.
     */
    static void keepTiles(Map<String, RecomputeResult> results) {
        results.values().forEach(result -> result.tiles().persist(StorageLevel.MEMORY_AND_DISK()));
    }

    /** The selected groups' tiles of all sources, each source's kept (see {@link #keepTiles}). */
    JavaRDD<RecomputedTile> selectedTiles(Map<String, RecomputeResult> results) {
        keepTiles(results);
        List<JavaRDD<RecomputedTile>> parts = new ArrayList<>();
        results.forEach((source, result) -> {
            Set<String> groups = groupsBySource.get(source);
            parts.add(result.tiles().filter(tile -> groups.contains(tile.group())));
        });
        JavaRDD<RecomputedTile> all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all = all.union(parts.get(i));
        }
        return all;
    }

    /** Drops the tiles kept by {@link #keepTiles}. */
    static void release(Map<String, RecomputeResult> results) {
        results.values().forEach(result -> result.tiles().unpersist(false));
    }

    /** Per group: tiles, closed tiles, backfillable tiles and distinct entities, printed. */
    static void printTileCounts(PrintWriter out, JavaRDD<RecomputedTile> tiles) {
        Map<String, long[]> counts = new TreeMap<>(tiles.mapToPair(tile -> new Tuple2<>(tile.group(),
                        new long[] {1, tile.closed() ? 1 : 0, tile.backfillable() ? 1 : 0}))
                .reduceByKey((a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]}).collectAsMap());
        Map<String, Long> entities = tiles.map(tile -> new Tuple2<>(tile.group(), tile.entity())).distinct()
                .mapToPair(pair -> new Tuple2<>(pair._1(), 1L)).reduceByKey(Long::sum).collectAsMap();
        counts.forEach((group, c) -> out.printf("  group %s: %,d tiles (%,d closed, %,d closed and complete), %,d entities%n",
                group, c[0], c[1], c[2], entities.getOrDefault(group, 0L)));
        if (counts.isEmpty()) {
            out.println("  no tiles: no accepted event arrived in the range");
        }
    }

    /** Rejections by reason, duplicates and skipped files of each source, printed. */
    static void printRecordCounts(PrintWriter out, Map<String, RecomputeResult> results) {
        results.forEach((source, result) -> {
            out.printf("  source %s: rejected %s, %,d duplicates not folded%n", source, result.rejectedByReason(),
                    result.duplicates());
            List<SkippedFile> skipped = result.skippedFiles();
            if (!skipped.isEmpty()) {
                out.printf("  source %s: SKIPPED %d bad archive file(s):%n", source, skipped.size());
                skipped.forEach(file -> out.printf("    %s%n", file));
            }
        });
    }

    private long maxLookBehind() {
        return groupsBySource.keySet().stream().mapToLong(this::lookBehind).max().orElse(0);
    }

    private long lookBehind(String source) {
        var plan = spec.plan(source).source();
        return plan.allowedLateness().toMillis() + plan.maxFutureSkew().toMillis();
    }
}
