package dev.lockstep.batch.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.batch.TestSpark;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.TileFolder;
import dev.lockstep.features.event.EventOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineTileTableIT {

    private static final long DAY_MILLIS = 86_400_000L;
    private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00Z

    private static final TableManifest MANIFEST = TableManifest.ofRun(new ArchiveRange(START, START + 3 * DAY_MILLIS),
            SpecHandle.ofResource("examples/fraud/features.yaml"), List.of("card_txn"),
            java.time.Instant.ofEpochMilli(START + 3 * DAY_MILLIS));

    private static SparkSession spark;
    private static List<RecomputedTile> tiles;
    private static OfflineTileTable table;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        GroupPlan plan = SpecHandle.ofResource("examples/fraud/features.yaml").plan("transactions").group("card_txn");
        tiles = new ArrayList<>();
        for (String card : List.of("c1", "c:2")) {
            TileFolder folder = new TileFolder(plan);
            for (int i = 0; i < 40; i++) {
                long eventTime = START + i * (DAY_MILLIS / 16); // two and a half days
                folder.add(new AcceptedEvent(card, new EventOrder(eventTime, eventTime + 1000, 0, i), "t" + i,
                        new Object[] {10.0 + i, "m" + i % 3, i % 2 == 0 ? "FR" : null}));
            }
            folder.encodedTiles().forEach((tile, bytes) -> tiles.add(new RecomputedTile(plan.name(), card,
                    tile.hopMillis(), tile.index(), bytes, tile.index() % 5 + 1, tile.index() % 2 == 0, true)));
        }
        // Written once for the class: a Parquet write is the slow part of these tests.
        table = new OfflineTileTable(spark, dir.resolve("tiles").toString());
        table.write(rdd(tiles), MANIFEST);
    }


    @Test
    void shouldReadBackEveryTileWithItsBytesAndFlags() {
        assertThat(table.tiles("card_txn").collect()).containsExactlyInAnyOrderElementsOf(tiles);
        assertThat(table.tiles("other_group").collect()).isEmpty();
    }

    @Test
    void shouldGiveTheBackfillOnlyClosedCompleteTilesWithEachEntitysSideBySideInOneTask() {
        List<RecomputedTile> expected = tiles.stream().filter(RecomputedTile::backfillable).toList();

        List<List<RecomputedTile>> tasks = table.backfillableTiles(List.of("card_txn", "other_group")).glom().collect();

        assertThat(tasks.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(expected)
                .hasSizeLessThan(tiles.size());
        for (List<RecomputedTile> task : tasks) {
            List<String> runs = new ArrayList<>();
            task.forEach(tile -> {
                if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(tile.entity())) {
                    runs.add(tile.entity());
                }
            });
            assertThat(runs).as("entities in task order").doesNotHaveDuplicates();
        }
        assertThat(table.backfillableTiles(List.of("other_group")).count()).isZero();
    }

    @Test
    void shouldGiveTheClosedTilesThatStartPerHopFromTheFirstStartAskedToTheLast() {
        long hour = DAY_MILLIS / 24;
        // Hourly tiles from the second day's 06:00, daily tiles from the first day, none of the 5-minute tiles.
        Map<Long, Long> firstStarts = Map.of(hour, START + DAY_MILLIS + 6 * hour, DAY_MILLIS, START);
        long lastStart = START + 2 * DAY_MILLIS + 3 * hour;
        List<RecomputedTile> expected = tiles.stream().filter(tile -> tile.closed()
                && firstStarts.containsKey(tile.hopMillis())
                && tile.tileKey().startMillis() >= firstStarts.get(tile.hopMillis())
                && tile.tileKey().startMillis() <= lastStart).toList();

        List<RecomputedTile> read = table.closedTiles("card_txn", firstStarts, lastStart).collect();

        assertThat(read).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).extracting(RecomputedTile::hopMillis).contains(hour, DAY_MILLIS);
        assertThat(tiles.stream().filter(tile -> tile.closed() && tile.hopMillis() == hour
                && tile.tileKey().startMillis() > lastStart)).as("hourly tiles after the last start").isNotEmpty();
        assertThat(tiles.stream().filter(tile -> tile.closed() && tile.hopMillis() == hour
                && tile.tileKey().startMillis() < firstStarts.get(hour))).as("hourly tiles before the first").isNotEmpty();
        assertThat(table.closedTiles("other_group", firstStarts, lastStart).collect()).isEmpty();
    }

    @Test
    void shouldKeepItsManifestBesideItsFiles() {
        assertThat(table.manifest()).contains(MANIFEST);
        assertThat(dir.resolve("tiles").resolve(TableManifest.FILE_NAME)).content()
                .contains("\"from\" : \"2026-01-01T00:00:00Z\"", "\"to\" : \"2026-01-04T00:00:00Z\"",
                        "\"settledUntil\" : \"2026-01-04T00:00:00Z\"", "\"card_txn\" : \"");
    }

    @Test
    void shouldPartitionByGroupAndUtcDayOfTheTileStart() {
        Path group = dir.resolve("tiles").resolve("group=card_txn");
        assertThat(group.resolve("day=2026-01-01")).isDirectory();
        assertThat(group.resolve("day=2026-01-03")).isDirectory();
        assertThat(table.rows().where("day = '2026-01-02'").count())
                .isEqualTo(tiles.stream().filter(t -> OfflineTileTable.dayOf(t).equals("2026-01-02")).count())
                .isPositive();
    }

    @Test
    void shouldRefuseToWriteIntoAnExistingTable() throws Exception {
        Path existing = Files.createDirectories(dir.resolve("existing"));
        OfflineTileTable second = new OfflineTileTable(spark, existing.toString());

        assertThatThrownBy(() -> second.write(rdd(tiles), MANIFEST)).hasMessageContaining("already exists");
    }

    private static JavaRDD<RecomputedTile> rdd(List<RecomputedTile> list) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(list, 2);
    }
}
