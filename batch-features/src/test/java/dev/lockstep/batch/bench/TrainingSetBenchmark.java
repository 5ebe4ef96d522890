package dev.lockstep.batch.bench;

import dev.lockstep.batch.BatchSession;
import dev.lockstep.batch.offline.OfflineTileTable;
import dev.lockstep.batch.offline.TableManifest;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.Label;
import dev.lockstep.batch.recompute.OpenTileReach;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.TileRecompute;
import dev.lockstep.batch.recompute.TrainingRow;
import dev.lockstep.batch.recompute.TrainingSet;
import dev.lockstep.features.engine.SourcePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * What a training set costs from an offline table against one from the archive alone (a {@code main}, not a test;
 * see docs/benchmarks.md, "Batch"): an archive of {@code bench.days} days of example transactions, a table of the
 * whole range (written untimed, as a daily {@code recompute --extend} would have kept it), and labels on random
 * cards spread over the last {@code bench.label.days} days. Per round, in the same JVM: the rows from the table
 * (its closed tiles, plus a recompute of the arrivals just before the labels: {@code training-set --table}), and
 * as the baseline the rows from a recompute of the table's range (what {@code training-set --from} does). The
 * two row sets are checked equal. Properties: {@code bench.days} (8), {@code bench.events.per.day} (500000),
 * {@code bench.cards} (50000), {@code bench.labels} (20000), {@code bench.label.days} (1), {@code bench.rounds}
 * (3), {@code bench.threads} (2). Lines starting with RESULT are the numbers.
 */
public final class TrainingSetBenchmark {

    private static final long DAY = 24 * 60 * BenchArchive.MINUTE;
    private static final SpecHandle SPEC = SpecHandle.ofResource("examples/fraud/features.yaml");
    private static final String GROUP = "card_txn";

    private TrainingSetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int days = Integer.getInteger("bench.days", 8);
        long perDay = Long.getLong("bench.events.per.day", 500_000L);
        int cards = Integer.getInteger("bench.cards", 50_000);
        int labelCount = Integer.getInteger("bench.labels", 20_000);
        int labelDays = Integer.getInteger("bench.label.days", 1);
        int rounds = Integer.getInteger("bench.rounds", 3);
        Path work = Files.createTempDirectory("bench-training");
        Path archive = work.resolve("archive");
        BenchArchive.write(archive, SPEC.plan("transactions").source().schema(), perDay * days, cards, days * 24 * 60);
        SparkSession spark = BatchSession.local("lockstep-bench-training", Integer.getInteger("bench.threads", 2));
        ArchiveRange tableRange = new ArchiveRange(BenchArchive.START, BenchArchive.START + days * DAY);
        OfflineTileTable table = new OfflineTileTable(spark, work.resolve("table").toString());
        table.write(recompute(spark, archive, tableRange).tiles(), TableManifest.ofRun(tableRange, SPEC, List.of(GROUP),
                Instant.ofEpochMilli(tableRange.toMillis())));

        Random random = new Random(3);
        List<Label> labelList = new ArrayList<>();
        long labelsFrom = tableRange.toMillis() - labelDays * DAY;
        for (int i = 0; i < labelCount; i++) {
            labelList.add(new Label("card-" + random.nextInt(cards), labelsFrom + (long) (random.nextDouble() * (labelDays * DAY - 1)),
                    i % 2));
        }
        JavaRDD<Label> labels = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(labelList, 8)
                .persist(StorageLevel.MEMORY_ONLY());
        long first = labelList.stream().mapToLong(Label::timeMillis).min().orElseThrow();
        long last = labelList.stream().mapToLong(Label::timeMillis).max().orElseThrow();
        SourcePlan source = SPEC.plan("transactions");
        ArchiveRange lookBack = TrainingSet.lookBackRange(tableRange,
                OpenTileReach.earliestArrival(source.source(), source.group(GROUP), TrainingSet.lookBackAt(tableRange, first)),
                first, last);
        System.out.printf("archive %,d events over %d days, %,d cards; %,d labels over the last %d day(s); look-back"
                + " recompute of [%s, %s)%n", perDay * days, days, cards, labelCount, labelDays,
                Instant.ofEpochMilli(lookBack.fromMillis()), Instant.ofEpochMilli(lookBack.toMillis()));

        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            JavaRDD<TrainingRow> fromTable = TrainingSet.build(table.closedTiles(GROUP,
                            TrainingSet.oldestTilesRead(source.group(GROUP), first), last),
                    tableRange, recompute(spark, archive, lookBack), GROUP, labels).persist(StorageLevel.MEMORY_ONLY());
            long tableRows = fromTable.count();
            double tableSeconds = seconds(t0);

            t0 = System.nanoTime();
            JavaRDD<TrainingRow> fromArchive = TrainingSet.build(recompute(spark, archive, new ArchiveRange(
                    tableRange.fromMillis(), last + 1)), GROUP, labels).persist(StorageLevel.MEMORY_ONLY());
            long archiveRows = fromArchive.count();
            double archiveSeconds = seconds(t0);

            long differing = fromTable.subtract(fromArchive).count() + fromArchive.subtract(fromTable).count();
            if (differing != 0 || tableRows != labelCount || archiveRows != labelCount) {
                throw new IllegalStateException(differing + " rows differ between the two training sets (" + tableRows
                        + " and " + archiveRows + " rows for " + labelCount + " labels)");
            }
            fromTable.unpersist();
            fromArchive.unpersist();
            System.out.printf("RESULT round %d, %,d labels: from the table and a look-back %.1f s | from a recompute of the"
                    + " table's %d days %.1f s | table / recompute = %.2f%n", round, labelCount, tableSeconds, days,
                    archiveSeconds, tableSeconds / archiveSeconds);
        }
        spark.stop();
    }

    private static RecomputeResult recompute(SparkSession spark, Path archive, ArchiveRange range) {
        return new TileRecompute(spark, SPEC, "transactions").run(archive.toString(), range, 8);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
