package dev.lockstep.batch.bench;

import dev.lockstep.batch.BatchSession;
import dev.lockstep.batch.offline.OfflineTileTable;
import dev.lockstep.batch.offline.TableExtension;
import dev.lockstep.batch.offline.TableManifest;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.TileRecompute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

/**
 * What extending a table by its next day costs as the table grows (a {@code main}, not a test; see
 * docs/benchmarks.md, "Batch"): an archive of {@code bench.days} days of example transactions, a table of all
 * but the last day, then, timed in the same JVM, per round: the extension by the last day
 * ({@code TableExtension}, written as {@code recompute --extend} writes it), and as baselines the recompute
 * of the last day alone (what an extension cannot do without) and of the whole range into a new table (what a
 * scheduled job did without extensions). The extension's result is checked against the whole recompute's.
 * Properties: {@code bench.days} (10), {@code bench.events.per.day} (500000), {@code bench.cards} (50000),
 * {@code bench.rounds} (3), {@code bench.threads} (2). Lines starting with RESULT are the numbers.
 */
public final class TableExtensionBenchmark {

    private static final long DAY = 24 * 60 * BenchArchive.MINUTE;
    private static final SpecHandle SPEC = SpecHandle.ofResource("examples/fraud/features.yaml");

    private TableExtensionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int days = Integer.getInteger("bench.days", 10);
        long perDay = Long.getLong("bench.events.per.day", 500_000L);
        int rounds = Integer.getInteger("bench.rounds", 3);
        Path work = Files.createTempDirectory("bench-extension");
        Path archive = work.resolve("archive");
        BenchArchive.write(archive, SPEC.plan("transactions").source().schema(), perDay * days,
                Integer.getInteger("bench.cards", 50_000), days * 24 * 60);
        SparkSession spark = BatchSession.local("lockstep-bench-extension", Integer.getInteger("bench.threads", 2));
        long start = BenchArchive.START - DAY;
        long split = BenchArchive.START + (days - 1) * DAY;
        long end = BenchArchive.START + days * DAY;
        OfflineTileTable table = new OfflineTileTable(spark, work.resolve("table").toString());
        table.write(recompute(spark, archive, start, split), manifest(start, split));
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            TableExtension.Extended extended = TableExtension.extend(table, recompute(spark, archive, split, end),
                    manifest(split, end), SPEC);
            OfflineTileTable extendedTable = new OfflineTileTable(spark, work.resolve("extended-" + round).toString());
            int kept = extended.writeTo(extendedTable);
            double extension = seconds(t0);

            t0 = System.nanoTime();
            long lastDayTiles = recompute(spark, archive, split, end).count();
            double lastDay = seconds(t0);

            t0 = System.nanoTime();
            OfflineTileTable whole = new OfflineTileTable(spark, work.resolve("whole-" + round).toString());
            whole.write(recompute(spark, archive, start, end), manifest(start, end));
            double wholeRange = seconds(t0);

            long differing = extendedTable.tiles().subtract(whole.tiles()).count()
                    + whole.tiles().subtract(extendedTable.tiles()).count();
            if (differing != 0) {
                throw new IllegalStateException(differing + " tiles differ between the extension and the whole recompute");
            }
            System.out.printf("RESULT round %d, %d-day table extended by day %d: %.1f s (%d day partitions kept) | recompute"
                            + " of the last day alone %.1f s (%,d tiles) | whole range into a new table %.1f s | extension"
                            + " / last day = %.2f, extension / whole = %.2f%n", round, days - 1, days, extension, kept,
                    lastDay, lastDayTiles, wholeRange, extension / lastDay, extension / wholeRange);
        }
        spark.stop();
    }

    private static JavaRDD<RecomputedTile> recompute(SparkSession spark, Path archive, long from, long to) {
        return new TileRecompute(spark, SPEC, "transactions").run(archive.toString(), new ArchiveRange(from, to), 8).tiles();
    }

    private static TableManifest manifest(long from, long to) {
        return TableManifest.ofRun(new ArchiveRange(from, to), SPEC, List.of("card_txn"), Instant.ofEpochMilli(to));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
