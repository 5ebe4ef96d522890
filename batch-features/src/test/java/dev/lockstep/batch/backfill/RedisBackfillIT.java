package dev.lockstep.batch.backfill;

import static dev.lockstep.batch.recompute.TransactionArchive.MINUTE;
import static dev.lockstep.batch.recompute.TransactionArchive.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.batch.TestSpark;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.TileRecompute;
import dev.lockstep.batch.recompute.TransactionArchive;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.testing.redis.RedisServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RedisBackfillIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final SpecHandle SPEC = SpecHandle.ofResource("examples/fraud/features.yaml");
    private static final ArchiveRange RANGE = new ArchiveRange(START, START + 240 * MINUTE);
    /** The store's now: the range's end, so the recent closed tiles are within retention. */
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(RANGE.toMillis()), ZoneOffset.UTC);

    @TempDir
    static Path archiveDir;

    private static RecomputeResult recompute;
    private static List<RecomputedTile> tiles;

    @BeforeAll
    static void setUp() {
        SourcePlan source = SPEC.plan("transactions");
        TransactionArchive.write(TransactionArchive.generate(source.source().schema(), 3, 800, 4, START + 60 * MINUTE),
                source.source().schema(), archiveDir, 300);
        recompute = new TileRecompute(TestSpark.session(), SPEC, "transactions").run(archiveDir.toString(), RANGE, 2);
        tiles = recompute.tiles().collect();
    }

    @Test
    void shouldWriteExactlyTheBackfillableTilesVersionedByTheirEventCount() {
        try (OnlineStore store = RedisOnlineStore.connect(REDIS.uri(), RedisBackfill.layouts(SPEC, "transactions"), CLOCK)) {
            store.deleteAll();

            BackfillReport report = new RedisBackfill(REDIS.uri(), CLOCK).write(recompute);

            assertThat(report.offered()).isEqualTo(tiles.stream().filter(RecomputedTile::backfillable).count());
            assertThat(report.written()).isPositive();
            assertThat(report.skippedAsExpired()).as("old 5-minute tiles are past retention").isPositive();
            long stored = 0;
            for (RecomputedTile tile : tiles) {
                EntityTiles entity = store.readTiles(tile.group(), List.of(tile.entity())).get(tile.entity());
                byte[] bytes = entity.tile(tile.tileKey());
                if (bytes != null) {
                    stored++;
                    assertThat(tile.backfillable()).as("%s is stored", tile).isTrue();
                    assertThat(bytes).isEqualTo(tile.irs());
                    assertThat(entity.versions().get(tile.tileKey())).isEqualTo(tile.events());
                }
            }
            assertThat(stored).isEqualTo(report.written());
            assertThat(store.batchWatermark("card_txn")).hasValueSatisfying(
                    heartbeat -> assertThat(heartbeat.watermarkMillis()).isEqualTo(RANGE.toMillis()));
        }
    }

    @Test
    void shouldSkipEveryTileWhenTheSameBackfillRunsAgain() {
        RedisBackfill backfill = new RedisBackfill(REDIS.uri(), CLOCK);
        BackfillReport first = backfill.write(recompute);

        BackfillReport second = backfill.write(recompute);

        assertThat(second.written()).isZero();
        assertThat(second.skippedAsNotNewer()).isEqualTo(first.written() + first.skippedAsNotNewer());
        assertThat(second.offered()).isEqualTo(first.offered());
    }

    @Test
    void shouldMoveTheBatchWatermarkOverARangeThatStartsAtOrBeforeIt() {
        try (OnlineStore store = RedisOnlineStore.connect(REDIS.uri(), RedisBackfill.layouts(SPEC, "transactions"), CLOCK)) {
            store.deleteAll();
            store.publishBatchWatermark("card_txn", RANGE.fromMillis() + 30 * MINUTE, CLOCK.millis());

            BackfillReport report = new RedisBackfill(REDIS.uri(), CLOCK).write(recompute);

            assertThat(report.watermarksPublished()).containsExactly(Map.entry("card_txn", RANGE.toMillis()));
            assertThat(report.watermarksWithheld()).isEmpty();
            assertThat(report.watermarkSummary())
                    .isEqualTo("batch watermark " + Instant.ofEpochMilli(RANGE.toMillis()) + " for [card_txn]");
            assertThat(store.batchWatermark("card_txn").orElseThrow().watermarkMillis()).isEqualTo(RANGE.toMillis());
        }
    }

    @Test
    void shouldLeaveTheBatchWatermarkWhereItWasWhenTheRangeStartsAfterIt() {
        long watermark = RANGE.fromMillis() - 60 * MINUTE;
        try (OnlineStore store = RedisOnlineStore.connect(REDIS.uri(), RedisBackfill.layouts(SPEC, "transactions"), CLOCK)) {
            store.deleteAll();
            store.publishBatchWatermark("card_txn", watermark, CLOCK.millis());

            BackfillReport report = new RedisBackfill(REDIS.uri(), CLOCK).write(recompute);

            assertThat(report.written()).as("the tiles are written all the same").isPositive();
            assertThat(report.watermarksPublished()).isEmpty();
            assertThat(report.watermarksWithheld()).containsOnlyKeys("card_txn");
            assertThat(report.watermarkSummary()).isEqualTo("batch watermark of card_txn left where it was: the range"
                    + " starts at " + Instant.ofEpochMilli(RANGE.fromMillis()) + ", after the group's batch watermark "
                    + Instant.ofEpochMilli(watermark) + ": the tiles in between were not written; backfill from the"
                    + " watermark (--incremental does)");
            assertThat(store.batchWatermark("card_txn").orElseThrow().watermarkMillis())
                    .as("serving would otherwise take the unwritten hour for done").isEqualTo(watermark);
        }
    }

    @Test
    void shouldLeaveTheBatchWatermarkWhereItWasWhenArchiveFilesWereSkipped(@TempDir Path withBadFile) throws IOException {
        try (Stream<Path> files = Files.list(archiveDir)) {
            for (Path file : files.toList()) {
                Files.copy(file, withBadFile.resolve(file.getFileName()));
            }
        }
        Files.write(withBadFile.resolve("truncated.avro"), new byte[] {'O', 'b', 'j', 1, 0});
        RecomputeResult skipping = new TileRecompute(TestSpark.session(), SPEC, "transactions")
                .run(withBadFile.toString(), RANGE, 2, true);
        try (OnlineStore store = RedisOnlineStore.connect(REDIS.uri(), RedisBackfill.layouts(SPEC, "transactions"), CLOCK)) {
            store.deleteAll();

            BackfillReport report = new RedisBackfill(REDIS.uri(), CLOCK).write(skipping);

            assertThat(skipping.skippedFiles()).hasSize(1);
            assertThat(report.watermarksWithheld()).containsExactly(Map.entry("card_txn",
                    "1 archive file(s) were skipped as bad, so tiles of this range may miss events"));
            assertThat(store.batchWatermark("card_txn")).isEmpty();
        }
    }
}
