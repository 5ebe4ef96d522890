package dev.lockstep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OnlineStore} must have, run against each implementation (Micrometer's
 * compatibility-kit pattern): subclasses only say how to build a store and how to see a key's TTL.
 */
abstract class OnlineStoreContract {

    static final String GROUP = "card_txn";
    static final String OTHER_GROUP = "merchant";
    static final long HOP_5M = Duration.ofMinutes(5).toMillis();
    static final long HOP_1H = Duration.ofHours(1).toMillis();
    static final long HOP_1D = Duration.ofDays(1).toMillis();
    static final Duration TTL = Duration.ofDays(32);
    static final Duration RETENTION_5M = Duration.ofHours(2);
    static final List<GroupLayout> LAYOUTS = List.of(
            new GroupLayout(GROUP, TTL, Map.of(HOP_5M, RETENTION_5M, HOP_1H, Duration.ofHours(25),
                    HOP_1D, Duration.ofDays(31))),
            new GroupLayout(OTHER_GROUP, Duration.ofHours(3), Map.of(HOP_5M, RETENTION_5M)));
    static final Instant START = Instant.parse("2025-06-01T12:00:00Z");

    protected final MutableClock clock = new MutableClock(START);
    protected final MeterRegistry meters = new SimpleMeterRegistry();
    protected OnlineStore store;

    /** A store with these layouts on a clean backend. */
    protected abstract OnlineStore newStore(List<GroupLayout> layouts, MutableClock clock, MeterRegistry meters);

    /** The remaining TTL of an entity's key, empty if the key does not exist. */
    protected abstract OptionalLong remainingTtlMillis(String group, String entityKey);

    @BeforeEach
    void createStore() {
        store = newStore(LAYOUTS, clock, meters);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static TileKey tileAt(long hop, Instant eventTime) {
        return TileKey.containing(hop, eventTime.toEpochMilli());
    }

    static TileKey current5m() {
        return tileAt(HOP_5M, START);
    }

    static byte[] ir(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static TileWrite write(String entity, TileKey tile, long version, String value) {
        return new TileWrite(GROUP, entity, tile, version, ir(value));
    }

    private byte[] stored(String entity, TileKey tile) {
        return store.readTiles(GROUP, List.of(entity)).get(entity).tile(tile);
    }

    @Test
    void shouldReachEveryNodeWhileServing() {
        store.checkReachable();
        store.writeTiles(List.of(write("c1", current5m(), 1, "x")));
        store.checkReachable();
    }

    @Test
    void shouldRoundTripTilesOfManyEntitiesInOneRead() {
        List<String> entities = IntStream.range(0, 300).mapToObj(i -> "c" + i).toList();
        List<TileWrite> writes = new ArrayList<>();
        for (String entity : entities) {
            writes.add(write(entity, current5m(), 1, entity + "/5m"));
            writes.add(write(entity, tileAt(HOP_1H, START), 1, entity + "/1h"));
            writes.add(write(entity, tileAt(HOP_1D, START), 1, entity + "/1d"));
        }

        assertThat(store.writeTiles(writes)).isEqualTo(new WriteReport(900, 0, 0));

        List<String> asked = new ArrayList<>(entities);
        asked.add("never-written");
        Map<String, EntityTiles> read = store.readTiles(GROUP, asked);
        assertThat(read).hasSize(301);
        assertThat(read.get("never-written").isEmpty()).isTrue();
        for (String entity : entities) {
            EntityTiles tiles = read.get(entity);
            assertThat(tiles.tiles()).hasSize(3);
            assertThat(tiles.tile(tileAt(HOP_1H, START))).isEqualTo(ir(entity + "/1h"));
            assertThat(tiles.versions().values()).containsOnly(1L);
        }
        Map<String, NavigableMap<TileKey, byte[]>> values = store.readTileValues(GROUP, asked);
        assertThat(values.keySet()).containsExactlyElementsOf(asked);
        assertThat(values.get("never-written")).isEmpty();
        for (String entity : entities) {
            assertThat(values.get(entity)).containsExactlyEntriesOf(read.get(entity).tiles());
        }
    }

    @Test
    void shouldStoreIrBytesExactlyIncludingNonUtf8Bytes() {
        byte[] raw = new byte[256];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) i;
        }
        store.writeTiles(List.of(new TileWrite(GROUP, "c1", current5m(), 1, raw)));

        assertThat(stored("c1", current5m())).isEqualTo(raw);
    }

    @Test
    void shouldNeverOverwriteAHigherVersionWithALowerOrEqualOne() {
        store.writeTiles(List.of(write("c1", current5m(), 5, "fresh")));

        WriteReport zombie = store.writeTiles(List.of(write("c1", current5m(), 4, "zombie")));
        WriteReport replay = store.writeTiles(List.of(write("c1", current5m(), 5, "replayed")));

        assertThat(zombie).isEqualTo(new WriteReport(0, 1, 0));
        assertThat(replay).isEqualTo(new WriteReport(0, 1, 0));
        assertThat(stored("c1", current5m())).isEqualTo(ir("fresh"));
        assertThat(store.writeTiles(List.of(write("c1", current5m(), 6, "newer")))).isEqualTo(new WriteReport(1, 0, 0));
        assertThat(stored("c1", current5m())).isEqualTo(ir("newer"));
    }

    @Test
    void shouldGuardEachTileSeparatelyWithinOneCall() {
        TileKey a = current5m();
        TileKey b = tileAt(HOP_1H, START);
        store.writeTiles(List.of(write("c1", a, 5, "a5"), write("c1", b, 5, "b5")));

        WriteReport report = store.writeTiles(List.of(write("c1", a, 6, "a6"), write("c1", b, 4, "b4")));

        assertThat(report).isEqualTo(new WriteReport(1, 1, 0));
        EntityTiles tiles = store.readTiles(GROUP, List.of("c1")).get("c1");
        assertThat(tiles.tile(a)).isEqualTo(ir("a6"));
        assertThat(tiles.tile(b)).isEqualTo(ir("b5"));
        assertThat(tiles.versions()).containsEntry(a, 6L).containsEntry(b, 5L);
    }

    @Test
    void shouldKeepTheHighestVersionWhenOneCallRepeatsATile() {
        WriteReport ascending = store.writeTiles(List.of(write("c1", current5m(), 5, "v5"),
                write("c1", current5m(), 7, "v7")));
        WriteReport descending = store.writeTiles(List.of(write("c2", current5m(), 7, "v7"),
                write("c2", current5m(), 5, "v5")));

        assertThat(ascending).isEqualTo(new WriteReport(2, 0, 0));
        assertThat(descending).isEqualTo(new WriteReport(1, 1, 0));
        assertThat(stored("c1", current5m())).isEqualTo(ir("v7"));
        assertThat(stored("c2", current5m())).isEqualTo(ir("v7"));
    }

    @Test
    void shouldCompareVersionsAbove2To53Exactly() {
        long big = (1L << 53) + 1;
        store.writeTiles(List.of(write("c1", current5m(), big + 1, "higher")));

        assertThat(store.writeTiles(List.of(write("c1", current5m(), big, "lower"))))
                .isEqualTo(new WriteReport(0, 1, 0));
        assertThat(store.writeTiles(List.of(write("c1", current5m(), Long.MAX_VALUE, "max"))))
                .isEqualTo(new WriteReport(1, 0, 0));
        assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").versions()).containsEntry(current5m(), Long.MAX_VALUE);
    }

    @Test
    void shouldRemoveExpiredTileFieldsOnWriteAndKeepFreshOnes() {
        TileKey old5m = current5m();
        TileKey hour = tileAt(HOP_1H, START);
        store.writeTiles(List.of(write("c1", old5m, 1, "old"), write("c1", hour, 1, "hour")));

        clock.advance(RETENTION_5M.plusMinutes(10));
        TileKey new5m = tileAt(HOP_5M, clock.instant());
        WriteReport report = store.writeTiles(List.of(write("c1", new5m, 1, "new")));

        assertThat(report).isEqualTo(new WriteReport(1, 0, 0));
        EntityTiles tiles = store.readTiles(GROUP, List.of("c1")).get("c1");
        assertThat(tiles.tiles().keySet()).containsExactly(new5m, hour);
        assertThat(tiles.versions().keySet()).containsExactly(new5m, hour);
    }

    @Test
    void shouldLeaveExpiredFieldsForTheNextAddedTileWhenAWriteOnlyUpdatesExistingTiles() {
        TileKey old5m = current5m();
        TileKey hour = tileAt(HOP_1H, START);
        store.writeTiles(List.of(write("c1", old5m, 1, "old"), write("c1", hour, 1, "hour")));
        clock.advance(RETENTION_5M.plusMinutes(10));

        WriteReport update = store.writeTiles(List.of(write("c1", hour, 2, "hour2")));

        assertThat(update).isEqualTo(new WriteReport(1, 0, 0));
        assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").tiles().keySet()).containsExactly(old5m, hour);
        store.writeTiles(List.of(write("c1", tileAt(HOP_5M, clock.instant()), 1, "new")));
        assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").tiles().keySet())
                .containsExactly(tileAt(HOP_5M, clock.instant()), hour);
    }

    @Test
    void shouldKeepExactlyTheLiveTilesOfASparseEntityAsItAddsATileEveryHour() {
        // One event an hour for three days: every write opens a 5-minute and an hour tile, and older
        // ones expire write after write (5-minute tiles after 2 h, hour tiles after 25 h).
        List<TileWrite> all = new ArrayList<>();
        for (int hour = 0; hour < 72; hour++) {
            Instant at = START.plus(Duration.ofHours(hour)).plusSeconds(90);
            clock.set(at.toEpochMilli());
            List<TileWrite> writes = List.of(write("c1", tileAt(HOP_5M, at), 1, "m" + hour),
                    write("c1", tileAt(HOP_1H, at), 1, "h" + hour), write("c1", tileAt(HOP_1D, at), hour + 1, "d" + hour));
            store.writeTiles(writes);
            all.addAll(writes);

            long now = at.toEpochMilli();
            List<TileKey> live = all.stream().map(TileWrite::tile).distinct()
                    .filter(t -> t.endMillis() >= now - LAYOUTS.get(0).retentionOf(t.hopMillis()).toMillis()).toList();
            assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").tiles().keySet()).as("hour %d", hour)
                    .containsExactlyInAnyOrderElementsOf(live);
        }
    }

    @Test
    void shouldRemoveTheExpiredTilesOfAnEntityIdleForDaysWhenItAddsATile() {
        TileKey old5m = current5m();
        TileKey oldHour = tileAt(HOP_1H, START);
        TileKey day = tileAt(HOP_1D, START);
        store.writeTiles(List.of(write("c1", old5m, 1, "m"), write("c1", oldHour, 1, "h"), write("c1", day, 1, "d")));

        clock.advance(Duration.ofDays(10));
        TileKey new5m = tileAt(HOP_5M, clock.instant());
        WriteReport report = store.writeTiles(List.of(write("c1", new5m, 1, "new")));

        assertThat(report).isEqualTo(new WriteReport(1, 0, 0));
        assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").tiles().keySet()).containsExactly(new5m, day);
    }

    @Test
    void shouldRemoveExpiredTilesOnRequestWithoutTouchingFreshOnes() {
        TileKey old5m = current5m();
        TileKey hour = tileAt(HOP_1H, START);
        store.writeTiles(List.of(write("c1", old5m, 1, "old"), write("c1", hour, 1, "hour")));

        long later = START.plus(RETENTION_5M).plusSeconds(3600).toEpochMilli();
        assertThat(store.removeExpiredTiles(GROUP, "c1", later)).isEqualTo(1);
        assertThat(store.removeExpiredTiles(GROUP, "c1", later)).isZero();
        assertThat(store.removeExpiredTiles(GROUP, "never-written", later)).isZero();
        assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").tiles().keySet()).containsExactly(hour);
    }

    @Test
    void shouldNotWriteATileAlreadyPastItsRetention() {
        TileKey ancient = tileAt(HOP_5M, START.minus(RETENTION_5M).minusSeconds(600));

        WriteReport report = store.writeTiles(List.of(write("c1", ancient, 1, "ancient"),
                write("c1", current5m(), 1, "now")));

        assertThat(report).isEqualTo(new WriteReport(1, 0, 1));
        assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").tiles().keySet()).containsExactly(current5m());
    }

    @Test
    void shouldSetTheKeyTtlOfTheGroupOnEveryWrite() {
        store.writeTiles(List.of(write("c1", current5m(), 1, "x"),
                new TileWrite(OTHER_GROUP, "m1", current5m(), 1, ir("y"))));

        assertThat(remainingTtlMillis(GROUP, "c1")).isPresent();
        assertThat(remainingTtlMillis(GROUP, "c1").getAsLong()).isBetween(TTL.toMillis() - 60_000, TTL.toMillis());
        long threeHours = Duration.ofHours(3).toMillis();
        assertThat(remainingTtlMillis(OTHER_GROUP, "m1").orElse(-1)).isBetween(threeHours - 60_000, threeHours);
        assertThat(remainingTtlMillis(GROUP, "never-written")).isEmpty();
    }

    @Test
    void shouldKeepGroupsApartForTheSameEntityKey() {
        store.writeTiles(List.of(write("k", current5m(), 1, "card"),
                new TileWrite(OTHER_GROUP, "k", current5m(), 1, ir("merchant"))));

        assertThat(store.readTiles(GROUP, List.of("k")).get("k").tile(current5m())).isEqualTo(ir("card"));
        assertThat(store.readTiles(OTHER_GROUP, List.of("k")).get("k").tile(current5m())).isEqualTo(ir("merchant"));
    }

    @Test
    void shouldNotCollideEntityKeysWithSeparatorsBracesPercentOrUnicode() {
        List<String> entities = List.of("a:b", "a", "b", "a%3Ab", "a%253Ab", "{a}", "a}", "{", "}", "",
                "a:b}c{", "card_txn:a", "ü", "u\u0308", "日本", "💳", "a b", "a\nb");
        List<TileWrite> writes = entities.stream().map(e -> write(e, current5m(), 1, "value of " + e)).toList();

        assertThat(store.writeTiles(writes).written()).isEqualTo(entities.size());

        Map<String, EntityTiles> read = store.readTiles(GROUP, entities);
        for (String entity : entities) {
            assertThat(read.get(entity).tile(current5m())).as("entity '%s'", entity).isEqualTo(ir("value of " + entity));
        }
    }

    @Test
    void shouldRejectAnUnknownGroupOrHopBeforeWritingAnything() {
        TileWrite good = write("c1", current5m(), 1, "x");
        TileWrite badHop = write("c1", new TileKey(7_000, 1), 1, "x");
        TileWrite badGroup = new TileWrite("nope", "c1", current5m(), 1, ir("x"));

        assertThatThrownBy(() -> store.writeTiles(List.of(good, badHop)))
                .isInstanceOf(OnlineStoreException.class).hasMessageContaining("hop 7000 ms").hasMessageContaining(GROUP);
        assertThatThrownBy(() -> store.writeTiles(List.of(good, badGroup)))
                .isInstanceOf(OnlineStoreException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> store.readTiles("nope", List.of("c1")))
                .isInstanceOf(OnlineStoreException.class).hasMessageContaining("nope");
        assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").isEmpty()).isTrue();
    }

    @Test
    void shouldRoundTripStreamingHeartbeatsPerPartitionAndOnlyMoveForward() {
        assertThat(store.streamingProgress(GROUP, "txns")).isEqualTo(new StreamingProgress(Map.of(), OptionalInt.empty()));

        assertThat(store.publishStreamingWatermark(GROUP, "txns", 0, 1_000, 5_000)).isTrue();
        assertThat(store.publishStreamingWatermark(GROUP, "txns", 1, 2_000, 5_000)).isTrue();
        assertThat(store.publishStreamingWatermark(GROUP, "txns", 0, 900, 6_000)).as("zombie behind").isFalse();
        assertThat(store.publishStreamingWatermark(GROUP, "txns", 1, 2_000, 4_000)).as("older idle beat").isFalse();
        assertThat(store.publishStreamingWatermark(GROUP, "txns", 1, 2_000, 7_000)).as("idle beat").isTrue();
        assertThat(store.publishStreamingWatermark(GROUP, "other", 0, 1, 1)).isTrue();

        assertThat(store.streamingProgress(GROUP, "txns").heartbeats()).containsExactlyInAnyOrderEntriesOf(Map.of(
                0, new Heartbeat(1_000, 5_000), 1, new Heartbeat(2_000, 7_000)));
        assertThat(store.streamingProgress(GROUP, "txns").partitionCount()).as("no count published").isEmpty();
    }

    @Test
    void shouldKeepTheHeartbeatsOfGroupsStreamedFromOneTopicApart() {
        // Two applications streaming different groups of one topic: the one that stalls keeps its own age.
        store.publishStreamingWatermark(GROUP, "txns", 0, 1_000, 5_000);
        store.publishPartitionCount(GROUP, "txns", 1, 5_000);
        assertThat(store.publishStreamingWatermark(OTHER_GROUP, "txns", 0, 9_000, 10_000)).isTrue();
        assertThat(store.publishPartitionCount(OTHER_GROUP, "txns", 2, 10_000)).isTrue();

        assertThat(store.streamingProgress(GROUP, "txns")).isEqualTo(
                new StreamingProgress(Map.of(0, new Heartbeat(1_000, 5_000)), OptionalInt.of(1)));
        assertThat(store.streamingProgress(OTHER_GROUP, "txns")).isEqualTo(
                new StreamingProgress(Map.of(0, new Heartbeat(9_000, 10_000)), OptionalInt.of(2)));
        assertThat(store.streamingProgress(GROUP, "other")).as("the group's heartbeats from another topic")
                .isEqualTo(new StreamingProgress(Map.of(), OptionalInt.empty()));
    }

    @Test
    void shouldKeepTheLargestPartitionCountBesideTheHeartbeats() {
        store.publishStreamingWatermark(GROUP, "txns", 0, 1_000, 5_000);
        store.publishStreamingWatermark(GROUP, "txns", 2, 3_000, 5_000);

        assertThat(store.publishPartitionCount(GROUP, "txns", 3, 5_000)).isTrue();
        assertThat(store.publishPartitionCount(GROUP, "txns", 2, 9_000)).as("stale metadata cannot shrink it").isFalse();
        assertThat(store.publishPartitionCount(GROUP, "txns", 3, 4_000)).as("an older publication").isFalse();
        assertThat(store.publishPartitionCount(GROUP, "txns", 3, 6_000)).as("the same count, later").isTrue();
        assertThat(store.publishPartitionCount(OTHER_GROUP, "txns", 1, 1)).isTrue();

        StreamingProgress progress = store.streamingProgress(GROUP, "txns");
        assertThat(progress.partitionCount()).hasValue(3);
        assertThat(progress.heartbeats().keySet()).containsExactly(0, 2);
        assertThat(progress.silentPartitions()).containsExactly(1);
        assertThat(progress.watermark()).as("partition 1 never beat").isEmpty();

        store.publishStreamingWatermark(GROUP, "txns", 1, 2_000, 5_000);
        assertThat(store.streamingProgress(GROUP, "txns").watermark()).hasValue(1_000);
        assertThat(store.publishPartitionCount(GROUP, "txns", 4, 7_000)).as("a partition added").isTrue();
        assertThat(store.streamingProgress(GROUP, "txns").silentPartitions()).containsExactly(3);
    }

    @Test
    void shouldRejectAPartitionCountBelowOneNamingTheGroupAndTopic() {
        assertThatThrownBy(() -> store.publishPartitionCount(GROUP, "txns", 0, 1_000))
                .isInstanceOf(OnlineStoreException.class)
                .hasMessage("publishPartitionCount rejected for group card_txn topic txns: partition count 0 must be at least 1 "
                        + "and publishedAt 1000 non-negative epoch millis");
        assertThat(store.streamingProgress(GROUP, "txns").partitionCount()).isEmpty();
    }

    @Test
    void shouldRoundTripBatchHeartbeatsAndOnlyMoveForward() {
        assertThat(store.batchWatermark(GROUP)).isEmpty();

        assertThat(store.publishBatchWatermark(GROUP, 10_000, 20_000)).isTrue();
        assertThat(store.publishBatchWatermark(GROUP, 9_000, 30_000)).isFalse();

        assertThat(store.batchWatermark(GROUP)).contains(new Heartbeat(10_000, 20_000));
        assertThat(store.batchWatermark(OTHER_GROUP)).isEqualTo(Optional.empty());
    }

    @Test
    void shouldDeleteAllItsKeys() {
        store.writeTiles(List.of(write("c1", current5m(), 1, "x"), write("c2", current5m(), 1, "y")));
        store.publishStreamingWatermark(GROUP, "txns", 0, 1, 1);
        store.publishPartitionCount(GROUP, "txns", 1, 1);
        store.publishBatchWatermark(GROUP, 1, 1);

        assertThat(store.deleteAll()).isEqualTo(5);

        assertThat(store.readTiles(GROUP, List.of("c1", "c2")).values()).allMatch(EntityTiles::isEmpty);
        assertThat(store.streamingProgress(GROUP, "txns")).isEqualTo(new StreamingProgress(Map.of(), OptionalInt.empty()));
        assertThat(store.batchWatermark(GROUP)).isEmpty();
        assertThat(store.deleteAll()).isZero();
    }

    @Test
    void shouldCountWrittenAndSkippedTilesAndTimeCalls() {
        store.writeTiles(List.of(write("c1", current5m(), 2, "x")));
        store.writeTiles(List.of(write("c1", current5m(), 1, "x"), write("c2", current5m(), 1, "y")));
        store.readTiles(GROUP, List.of("c1"));

        assertThat(meters.get("lockstep.store.tiles").tag("outcome", "written").counter().count()).isEqualTo(2);
        assertThat(meters.get("lockstep.store.tiles").tag("outcome", "skipped_not_newer").counter().count()).isEqualTo(1);
        assertThat(meters.get("lockstep.store.write").timer().count()).isEqualTo(2);
        assertThat(meters.get("lockstep.store.read").timer().count()).isEqualTo(1);
    }
}
