package dev.lockstep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.internal.KeyLayout;
import dev.lockstep.store.internal.TileGuardCall;
import dev.lockstep.testing.MutableClock;
import dev.lockstep.testing.redis.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on a real redis-server, plus what only Redis shows: the literal layout, SCAN, scripts. */
class RedisOnlineStoreIT extends OnlineStoreContract {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static RedisClient adminClient;
    private static StatefulRedisConnection<String, String> adminConnection;
    private static RedisCommands<String, String> admin;

    @BeforeAll
    static void connectAdmin() {
        adminClient = RedisClient.create(REDIS.uri());
        adminConnection = adminClient.connect();
        admin = adminConnection.sync();
    }

    @AfterAll
    static void closeAdmin() {
        adminConnection.close();
        adminClient.shutdown();
    }

    @Override
    protected OnlineStore newStore(List<GroupLayout> layouts, MutableClock clock, MeterRegistry meters) {
        admin.flushall();
        return RedisOnlineStore.connect(PatientRedis.config(REDIS.uri()), layouts, clock, meters);
    }

    @Override
    protected OptionalLong remainingTtlMillis(String group, String entityKey) {
        long pttl = admin.pttl(KeyLayout.entityKey(group, entityKey));
        return pttl >= 0 ? OptionalLong.of(pttl) : OptionalLong.empty();
    }

    @Test
    void shouldLayOutOneHashPerEntityWithTileAndVersionFields() {
        TileKey tile = current5m();
        store.writeTiles(List.of(write("c123", tile, 42, "ir")));
        store.publishStreamingWatermark(GROUP, "txns", 3, 1_000, 2_000);
        store.publishBatchWatermark(GROUP, 3_000, 4_000);

        String key = "ls:v1:{card_txn:c123}";
        assertThat(admin.hgetall(key)).containsOnlyKeys("t:300000:" + tile.index(), "v:300000:" + tile.index(),
                        "l:300000", "l:3600000", "l:86400000")
                .containsEntry("v:300000:" + tile.index(), "42")
                .containsEntry("t:300000:" + tile.index(), "ir")
                // Each hop's bound: its first index still within retention at the write (2 h, 25 h, 31 d).
                .containsEntry("l:300000", Long.toString(tile.index() - 25))
                .containsEntry("l:3600000", Long.toString(tileAt(HOP_1H, START).index() - 26))
                .containsEntry("l:86400000", Long.toString(tileAt(HOP_1D, START).index() - 31));
        assertThat(admin.hgetall("ls:v1:hb:stream:{card_txn:txns}")).containsEntry("3", "1000:2000");
        assertThat(admin.hgetall("ls:v1:hb:batch:{card_txn}")).containsEntry("run", "3000:4000");
        assertThat(admin.keys("*")).containsExactlyInAnyOrder(key, "ls:v1:hb:stream:{card_txn:txns}", "ls:v1:hb:batch:{card_txn}");
    }

    @Test
    void shouldWalkAKeyWrittenBeforeBoundsWereKeptOnceAndKeepBoundsFromThen() {
        // As the script before bounds left a key: tile and version fields only.
        String key = "ls:v1:{card_txn:c1}";
        TileKey old5m = current5m();
        TileKey hour = tileAt(HOP_1H, START);
        admin.hset(key, Map.of(KeyLayout.tileField(old5m), "old", KeyLayout.versionField(old5m), "1",
                KeyLayout.tileField(hour), "hour", KeyLayout.versionField(hour), "1"));

        clock.advance(RETENTION_5M.plusMinutes(10));
        TileKey new5m = tileAt(HOP_5M, clock.instant());
        store.writeTiles(List.of(write("c1", new5m, 1, "new")));

        assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").tiles().keySet()).containsExactly(new5m, hour);
        // Bounds from then on: the first live indexes at 14:10 (retention 2 h, 25 h, 31 days).
        assertThat(admin.hget(key, "l:300000")).isEqualTo(Long.toString(new5m.index() - 25));
        assertThat(admin.hget(key, "l:3600000")).isEqualTo(Long.toString(hour.index() - 23));
        assertThat(admin.hget(key, "l:86400000")).isEqualTo(Long.toString(tileAt(HOP_1D, START).index() - 31));
    }

    @Test
    void shouldLowerTheBoundForAWriterWhoseClockIsBehindSoItsTilesAreStillCleanedUpByName() {
        String key = "ls:v1:{card_txn:c1}";
        clock.set(START.plus(Duration.ofHours(3)).toEpochMilli());
        List<TileWrite> hours = new ArrayList<>();
        for (long index = tileAt(HOP_1H, clock.instant()).index() - 25; index <= tileAt(HOP_1H, clock.instant()).index(); index++) {
            hours.add(write("c1", new TileKey(HOP_1H, index), 1, "hour " + index));
        }
        store.writeTiles(hours);
        // A second writer three hours behind (a backfill, say) writes a 5-minute tile that is still live
        // at its clock but below the bound the first writer left.
        MutableClock behind = new MutableClock(START);
        TileKey late5m = tileAt(HOP_5M, START.minus(Duration.ofMinutes(90)));
        try (OnlineStore backfill = RedisOnlineStore.connect(PatientRedis.config(REDIS.uri()), LAYOUTS, behind, null)) {
            assertThat(backfill.writeTiles(List.of(write("c1", late5m, 1, "late")))).isEqualTo(new WriteReport(1, 0, 0));
        }
        assertThat(admin.hget(key, "l:300000")).isEqualTo(Long.toString(current5m().index() - 25));
        assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").tile(late5m)).isEqualTo(ir("late"));

        admin.configResetstat();
        TileKey new5m = tileAt(HOP_5M, clock.instant());
        store.writeTiles(List.of(write("c1", new5m, 1, "new")));

        assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").tiles()).containsKey(new5m).doesNotContainKey(late5m)
                .hasSize(hours.size() + 1);
        assertThat(admin.info("commandstats")).as("deleted by name, no walk over the hash")
                .contains("cmdstat_hdel").doesNotContain("cmdstat_hkeys");
    }

    @Test
    void shouldDeleteAKeyWhoseLastTileWasCleanedUpRatherThanKeepItsBounds() {
        store.writeTiles(List.of(write("c1", current5m(), 1, "x")));

        long later = START.plus(RETENTION_5M).plus(Duration.ofHours(1)).toEpochMilli();
        assertThat(store.removeExpiredTiles(GROUP, "c1", later)).isEqualTo(1);

        assertThat(admin.exists("ls:v1:{card_txn:c1}")).isZero();
    }

    @Test
    void shouldReadTilesBesideFieldsOfALaterLayoutAndReportAMalformedFieldWithoutBreakingTheConnection() {
        TileKey tile = current5m();
        store.writeTiles(List.of(write("c1", tile, 42, "ir"), write("c2", tile, 7, "other")));
        admin.hset("ls:v1:{card_txn:c1}", "meta:written_by", "batch");
        admin.hset("ls:v1:{card_txn:c2}", "t:300000:oops", "x");

        assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").versions()).containsExactly(Map.entry(tile, 42L));
        assertThatThrownBy(() -> store.readTiles(GROUP, List.of("c1", "c2")))
                .isInstanceOf(OnlineStoreException.class)
                .hasMessageContaining("malformed tile field 't:300000:oops' in ls:v1:{card_txn:c2}");
        // The bad reply was consumed in full: the same connection answers the next read correctly.
        assertThat(new String(store.readTiles(GROUP, List.of("c1")).get("c1").tile(tile), StandardCharsets.UTF_8)).isEqualTo("ir");
    }

    @Test
    void shouldNameTheKeyWhenAnEntityKeyHoldsAnotherType() {
        admin.set("ls:v1:{card_txn:c9}", "not a hash");

        assertThatThrownBy(() -> store.readTiles(GROUP, List.of("c9")))
                .isInstanceOf(OnlineStoreException.class)
                .hasMessageContaining("ls:v1:{card_txn:c9}")
                .hasMessageContaining("WRONGTYPE");
        assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").isEmpty()).isTrue();
    }

    @Test
    void shouldEscapeEntityKeysSoTheHashTagIsExactlyGroupAndEntity() {
        store.writeTiles(List.of(write("a:b}{ü", current5m(), 1, "x")));

        assertThat(admin.keys("*")).containsExactly("ls:v1:{card_txn:a%3Ab%7D%7B%C3%BC}");
    }

    @Test
    void shouldDeleteOnlyLockstepKeys() {
        admin.set("session:42", "not ours");
        admin.hset("ls:v2:{card_txn:c1}", "t:1:1", "a future layout's");
        admin.set("lsv1", "look-alike");
        store.writeTiles(List.of(write("c1", current5m(), 1, "x")));
        store.publishStreamingWatermark(GROUP, "txns", 0, 1, 1);

        assertThat(store.deleteAll()).isEqualTo(2);

        assertThat(admin.keys("*")).containsExactlyInAnyOrder("session:42", "ls:v2:{card_txn:c1}", "lsv1");
    }

    @Test
    void shouldDeleteManyKeysAcrossScanPages() {
        List<TileWrite> writes = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            writes.add(write("c" + i, current5m(), 1, "x"));
        }
        store.writeTiles(writes);

        assertThat(store.deleteAll()).isEqualTo(2_500);
        assertThat(admin.dbsize()).isZero();
    }

    @Test
    void shouldFallBackToEvalWhenRedisForgotTheScripts() {
        store.writeTiles(List.of(write("c1", current5m(), 1, "v1")));
        store.publishBatchWatermark(GROUP, 1, 1);
        admin.scriptFlush();

        assertThat(store.writeTiles(List.of(write("c1", current5m(), 2, "v2")))).isEqualTo(new WriteReport(1, 0, 0));
        admin.scriptFlush();
        assertThat(store.publishBatchWatermark(GROUP, 2, 2)).isTrue();
        assertThat(store.batchWatermark(GROUP)).contains(new Heartbeat(2, 2));
    }

    @Test
    void shouldWriteAPipelinedBatchOfTenThousandTiles() {
        List<TileWrite> writes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            // 2,500 entities x 4 tiles: many keys, several tiles per script call.
            TileKey tile = new TileKey(HOP_5M, current5m().index() - (i % 4));
            writes.add(write("c" + (i / 4), tile, 1, "ir-" + i));
        }

        assertThat(store.writeTiles(writes)).isEqualTo(new WriteReport(10_000, 0, 0));
        assertThat(store.writeTiles(writes)).isEqualTo(new WriteReport(0, 10_000, 0));
        assertThat(store.readTiles(GROUP, List.of("c0", "c2499")).values())
                .allSatisfy(tiles -> assertThat(tiles.tiles()).hasSize(4));
    }

    @Test
    void shouldWriteMoreTilesOfOneEntityThanOneScriptCallTakes() {
        // A year of daily tiles kept for a year: one key gets 2.5 script calls' worth of live tiles.
        GroupLayout yearly = new GroupLayout("yearly", Duration.ofDays(3_000), Map.of(HOP_1D, Duration.ofDays(2_900)));
        try (OnlineStore wide = RedisOnlineStore.connect(PatientRedis.config(REDIS.uri()), List.of(yearly), clock, null)) {
            List<TileWrite> writes = new ArrayList<>();
            for (int i = 0; i < 2 * TileGuardCall.MAX_TILES + 500; i++) {
                TileKey tile = new TileKey(HOP_1D, tileAt(HOP_1D, START).index() - i);
                writes.add(new TileWrite("yearly", "c1", tile, 3, ir("day-" + i)));
            }

            assertThat(wide.writeTiles(writes)).isEqualTo(new WriteReport(writes.size(), 0, 0));
            assertThat(wide.writeTiles(writes)).isEqualTo(new WriteReport(0, writes.size(), 0));
            EntityTiles stored = wide.readTiles("yearly", List.of("c1")).get("c1");
            assertThat(stored.tiles()).hasSize(writes.size());
            assertThat(stored.tile(writes.get(2_400).tile())).isEqualTo(ir("day-2400"));
        }
    }
}
