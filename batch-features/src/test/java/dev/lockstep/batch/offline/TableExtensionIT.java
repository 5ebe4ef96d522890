package dev.lockstep.batch.offline;

import static dev.lockstep.batch.recompute.TransactionArchive.MINUTE;
import static dev.lockstep.batch.recompute.TransactionArchive.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.batch.TestSpark;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.TileRecompute;
import dev.lockstep.batch.recompute.TransactionArchive;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table extended range by range holds exactly what one recompute of the whole range gives. */
class TableExtensionIT {

    private static final SpecHandle SPEC = SpecHandle.ofResource("examples/fraud/features.yaml");
    private static final String SOURCE = "transactions";
    // Split points off the hour, so tiles of every hop straddle them; the archive's straddling duplicates
    // (first copy just before, second just after) sit at the second split.
    private static final long A = START + 60 * MINUTE;
    private static final long B = START + 197 * MINUTE;
    private static final long C = START + 331 * MINUTE;
    private static final long D = START + 420 * MINUTE;

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static List<String> groups;
    private static Path archive;

    @BeforeAll
    static void setUp() {
        SourcePlan plan = SPEC.plan(SOURCE);
        groups = plan.groups().stream().map(GroupPlan::name).toList();
        archive = dir.resolve("archive");
        TransactionArchive.write(TransactionArchive.generate(plan.source().schema(), 7, 3000, 8, C),
                plan.source().schema(), archive, 400);
        spark = TestSpark.session();
    }

    @Test
    void shouldHoldExactlyTheTilesOfOneRecomputeOfTheWholeRange() {
        List<RecomputedTile> whole = recompute(A, D).collect();
        JavaRDD<RecomputedTile> first = recompute(A, B);
        JavaRDD<RecomputedTile> second = recompute(B, C);
        JavaRDD<RecomputedTile> third = recompute(C, D);
        OfflineTileTable table = new OfflineTileTable(spark, dir.resolve("ab").toString());
        table.write(first, manifest(A, B));

        TableExtension.Extended toC = TableExtension.extend(table, second, manifest(B, C), SPEC);
        OfflineTileTable tableToC = new OfflineTileTable(spark, dir.resolve("ac").toString());
        toC.writeTo(tableToC);
        TableExtension.Extended toD = TableExtension.extend(tableToC, third, manifest(C, D), SPEC);
        OfflineTileTable tableToD = new OfflineTileTable(spark, dir.resolve("ad").toString());
        toD.writeTo(tableToD);

        assertThat(tableToD.manifest()).contains(manifest(A, D));
        assertThat(tableToD.tiles().collect()).containsExactlyInAnyOrderElementsOf(whole);
        // Not vacuous: tiles of every group straddle the splits, so the extension merged, and judged flags anew.
        assertThat(straddling(first.collect(), second.collect())).containsExactlyInAnyOrderElementsOf(groups);
        assertThat(whole).anyMatch(tile -> tile.backfillable() && tile.tileKey().startMillis() < B
                && tile.tileKey().endMillis() > B);
    }

    @Test
    void shouldKeepTheDaysNoLaterEventCanChangeAsTheyAreAndRewriteOnlyTheRest() throws Exception {
        SourcePlan plan = SPEC.plan(SOURCE);
        Path days = dir.resolve("three-days-archive");
        long split = START + 50 * 60 * MINUTE; // day 3, 02:00: tiles of day 1 are closed and out of reach
        long end = START + 72 * 60 * MINUTE;
        TransactionArchive.write(TransactionArchive.generate(plan.source().schema(), 11, 4000, 72, split),
                plan.source().schema(), days, 500);
        OfflineTileTable table = new OfflineTileTable(spark, dir.resolve("days-first").toString());
        table.write(recompute(days, START, split), manifest(START, split));

        TableExtension.Extended extended = TableExtension.extend(table, recompute(days, split, end), manifest(split, end), SPEC);
        OfflineTileTable written = new OfflineTileTable(spark, dir.resolve("days-extended").toString());
        int kept = extended.writeTo(written);

        assertThat(written.tiles().collect()).containsExactlyInAnyOrderElementsOf(recompute(days, START, end).collect());
        long daysBefore;
        try (var partitions = java.nio.file.Files.list(dir.resolve("days-first").resolve("group=card_txn"))) {
            daysBefore = partitions.filter(day -> day.getFileName().toString().compareTo("day=2026-01-02") < 0).count();
        }
        assertThat(groups).containsExactly("card_txn");
        assertThat(kept).isEqualTo(daysBefore).isPositive();
        assertThat(extended.rewrittenTiles().collect()).allSatisfy(tile ->
                assertThat(OfflineTileTable.dayOf(tile)).isGreaterThanOrEqualTo("2026-01-02"));
        for (String group : groups) {
            Path keptDay = Path.of("group=" + group, "day=2026-01-01");
            List<Path> files;
            try (var listed = java.nio.file.Files.list(dir.resolve("days-first").resolve(keptDay))) {
                files = listed.filter(file -> file.getFileName().toString().endsWith(".parquet")).toList();
            }
            assertThat(files).isNotEmpty();
            for (Path file : files) {
                assertThat(java.nio.file.Files.isSameFile(file, dir.resolve("days-extended").resolve(keptDay)
                        .resolve(file.getFileName()))).as("%s carried over as a link, not rewritten", file).isTrue();
            }
        }
    }

    @Test
    void shouldFailWhenTheRunFoldsEventsIntoATileTheTableHasClosed() {
        // A table whose manifest understates its range: its tiles were judged closed at D, not at B.
        OfflineTileTable table = new OfflineTileTable(spark, dir.resolve("mislabelled").toString());
        table.write(recompute(A, D), manifest(A, B));

        JavaRDD<RecomputedTile> extended = TableExtension.extend(table, recompute(B, D), manifest(B, D), SPEC)
                .rewrittenTiles();

        assertThatThrownBy(extended::count).isInstanceOf(SparkException.class).rootCause()
                .isInstanceOf(OfflineOutputException.class)
                .hasMessageContaining("is closed at the table's end, yet the run folded")
                .hasMessageContaining("not computed from the same spec and archive");
    }

    private static JavaRDD<RecomputedTile> recompute(long from, long to) {
        return recompute(archive, from, to);
    }

    private static JavaRDD<RecomputedTile> recompute(Path archiveDir, long from, long to) {
        return new TileRecompute(spark, SPEC, SOURCE).run(archiveDir.toString(), new ArchiveRange(from, to), 2).tiles();
    }

    private static TableManifest manifest(long from, long to) {
        return TableManifest.ofRun(new ArchiveRange(from, to), SPEC, groups, java.time.Instant.ofEpochMilli(to));
    }

    /** The groups with a tile that both runs folded events into. */
    private static Set<String> straddling(List<RecomputedTile> earlier, List<RecomputedTile> later) {
        Set<List<Object>> ids = new HashSet<>();
        earlier.forEach(tile -> ids.add(List.of(tile.group(), tile.entity(), tile.hopMillis(), tile.index())));
        Set<String> groupsMerged = new HashSet<>();
        later.stream().filter(tile -> ids.contains(List.of(tile.group(), tile.entity(), tile.hopMillis(), tile.index())))
                .forEach(tile -> groupsMerged.add(tile.group()));
        return groupsMerged;
    }
}
