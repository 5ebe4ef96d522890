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
        tableToC.write(toC.tiles(), toC.manifest());
        TableExtension.Extended toD = TableExtension.extend(tableToC, third, manifest(C, D), SPEC);

        assertThat(toD.manifest()).isEqualTo(manifest(A, D));
        assertThat(toD.tiles().collect()).containsExactlyInAnyOrderElementsOf(whole);
        // Not vacuous: tiles of every group straddle the splits, so the extension merged, and judged flags anew.
        assertThat(straddling(first.collect(), second.collect())).containsExactlyInAnyOrderElementsOf(groups);
        assertThat(whole).anyMatch(tile -> tile.backfillable() && tile.tileKey().startMillis() < B
                && tile.tileKey().endMillis() > B);
    }

    @Test
    void shouldFailWhenTheRunFoldsEventsIntoATileTheTableHasClosed() {
        // A table whose manifest understates its range: its tiles were judged closed at D, not at B.
        OfflineTileTable table = new OfflineTileTable(spark, dir.resolve("mislabelled").toString());
        table.write(recompute(A, D), manifest(A, B));

        JavaRDD<RecomputedTile> extended = TableExtension.extend(table, recompute(B, D), manifest(B, D), SPEC).tiles();

        assertThatThrownBy(extended::count).isInstanceOf(SparkException.class).rootCause()
                .isInstanceOf(OfflineOutputException.class)
                .hasMessageContaining("is closed at the table's end, yet the run folded")
                .hasMessageContaining("not computed from the same spec and archive");
    }

    private static JavaRDD<RecomputedTile> recompute(long from, long to) {
        return new TileRecompute(spark, SPEC, SOURCE).run(archive.toString(), new ArchiveRange(from, to), 2).tiles();
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
