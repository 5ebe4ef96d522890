package dev.lockstep.streaming;

import static dev.lockstep.streaming.testing.Transactions.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.store.EntityTiles;
import dev.lockstep.streaming.testing.Reference;
import dev.lockstep.streaming.testing.SourceRecordAt;
import dev.lockstep.streaming.testing.Transactions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tiles as the topology folds and emits them: to the online store, the tile topic, and its stores. */
class FeatureTopologyTest extends TopologyTestSupport {

    @Test
    void shouldWriteTilesToTheOnlineStoreEqualToTheOfflineReference() {
        pipeMixedStream();

        assertStoreMatchesReference(store, Reference.of(PLAN, wireFormat, harness.piped()));
    }

    @Test
    void shouldEmitEachTileUpdateToTheTileTopicWithAGrowingVersion() {
        pipeMixedStream();

        Map<String, TileRecord> latest = new TreeMap<>();
        for (TestRecord<byte[], byte[]> record : harness.tiles().readRecordsToList()) {
            TileRecord tile = TileRecord.decode(record.key(), record.value());
            String id = new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
            TileRecord previous = latest.put(id, tile);
            assertThat(tile.version()).isEqualTo(previous == null ? 1 : previous.version() + 1);
        }
        for (TileRecord tile : latest.values()) {
            if (expiredInStore(tile.group(), tile.tile())) {
                continue;
            }
            EntityTiles stored = store.readTiles(tile.group(), List.of(tile.entity())).get(tile.entity());
            assertThat(stored.tile(tile.tile())).isEqualTo(tile.irBytes());
            assertThat(stored.versions().get(tile.tile())).isEqualTo(tile.version());
        }
    }

    @Test
    void shouldNotMoveTheOnlineStoreBackwardsWhenTheInputIsReplayed() {
        pipeMixedStream();
        List<SourceRecordAt> input = new ArrayList<>(harness.piped());
        Map<String, EntityTiles> before = store.readTiles("card_txn", List.of("c1", "c2"));
        harness.close();

        // A fresh task (state lost) replays a prefix, then everything: Redis must not change.
        harness = newHarness();
        harness.pipeAll(input.subList(0, 6));
        assertSameTiles(store.readTiles("card_txn", List.of("c1", "c2")), before);
        harness.pipeAll(input.subList(6, input.size()));
        assertSameTiles(store.readTiles("card_txn", List.of("c1", "c2")), before);
    }

    @Test
    void shouldDropClosedTilesAndForgettableDedupKeysAsArrivalTimeMoves() {
        pipeMixedStream();
        long later = T0 + Duration.ofDays(3).toMillis();
        harness.pipe(key("c4"), tx.encode("t10", "c4", "m1", 1.0, "DE", later), later);

        var tiles = harness.driver().<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore("lockstep-tiles-transactions");
        List<String> open = new ArrayList<>();
        try (var all = tiles.all()) {
            // A store key is a format byte and the tile's end (8 bytes), then the tile-record key.
            all.forEachRemaining(kv -> open.add(TileRecord.decode(
                    java.util.Arrays.copyOfRange(kv.key.get(), 9, kv.key.get().length), kv.value).entity()));
        }
        assertThat(open).containsOnly("c4").hasSize(PLAN.group("card_txn").hops().length);
        var dedup = harness.driver().<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore("lockstep-dedup-transactions");
        assertThat(dedup.approximateNumEntries()).isEqualTo(1);
    }

    @ParameterizedTest(name = "purge every {0} ms of arrival")
    @ValueSource(longs = {5_000, 60_000}) // the default: a purge at about every other record; and a minute's worth each
    void shouldMatchTheReferenceThroughHoursOfArrivalsAndPurges(long purgeIntervalMillis) {
        TopologySettings settings = TopologySettings.defaults().withPurging(Duration.ofMillis(purgeIntervalMillis),
                TopologySettings.DEFAULT_ARRIVAL_REGRESSION_MARGIN);
        harness.close();
        harness = newHarness(settings);
        Random random = new Random(11);
        List<Object[]> sent = new ArrayList<>(); // id, card, event time
        long arrival = T0;
        for (int i = 0; i < 4_000; i++) {
            arrival += random.nextInt(5_000); // ~2.5 s apart: ~2.8 hours of arrival
            if (i % 5 == 4) {
                // A copy of one of the last ~400 events (up to ~20 minutes back): a duplicate while within its
                // lateness, too late after it; so dedup keys must outlive the purges until exactly then.
                Object[] original = sent.get(sent.size() - 1 - random.nextInt(Math.min(sent.size(), 400)));
                harness.pipe(key((String) original[1]), tx.encode((String) original[0], (String) original[1], "m9",
                        1.0, "FR", (Long) original[2]), arrival);
            } else {
                String card = "c" + random.nextInt(20);
                long eventTime = arrival - random.nextInt(12 * (int) MIN); // some beyond the 10-minute lateness
                sent.add(new Object[] {"t" + i, card, eventTime});
                harness.pipe(key(card), tx.encode("t" + i, card, "m" + random.nextInt(5),
                        random.nextInt(10_000) / 100.0, "DE", eventTime), arrival);
            }
        }

        Reference reference = Reference.of(PLAN, wireFormat, harness.piped());
        assertThat(reference.duplicates()).isGreaterThan(100); // 174 with this seed; the rest came too late
        assertThat(counter("duplicate", "none")).isEqualTo(reference.duplicates());
        assertStoreMatchesReference(store, reference);
        // The stores keep only what can still change: nothing that expired before the last purge, which ran
        // the arrival regression margin behind the watermark.
        long lateness = PLAN.source().allowedLateness().toMillis();
        long lastPurge = arrival - purgeIntervalMillis - settings.arrivalRegressionMargin().toMillis();
        for (String name : List.of("lockstep-dedup-transactions", "lockstep-tiles-transactions")) {
            List<Long> times = new ArrayList<>();
            try (var all = harness.driver().<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore(name).all()) {
                // A key is a format byte, then its time (event time, tile end) with the sign bit flipped.
                all.forEachRemaining(kv -> times.add(java.nio.ByteBuffer.wrap(kv.key.get(), 1, 8).getLong() ^ Long.MIN_VALUE));
            }
            assertThat(times).as(name).isNotEmpty().allSatisfy(time -> assertThat(time + lateness).isGreaterThanOrEqualTo(lastPurge));
        }
    }

    @Test
    void shouldPublishTheArrivalWatermarkAsAHeartbeatAlsoWhenIdle() {
        pipeMixedStream();
        harness.driver().advanceWallClockTime(Duration.ofSeconds(5));

        long lastArrival = harness.piped().get(harness.piped().size() - 1).position().arrivalMillis();
        // Records of the last arrival's millisecond may still follow: only the one before it is complete.
        assertThat(store.streamingProgress("card_txn", Transactions.TOPIC).heartbeats().get(0).watermarkMillis()).isEqualTo(lastArrival - 1);
    }

    private static void assertSameTiles(Map<String, EntityTiles> actual, Map<String, EntityTiles> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        actual.forEach((entity, tiles) -> {
            assertThat(tiles.versions()).isEqualTo(expected.get(entity).versions());
            tiles.tiles().forEach((tile, bytes) -> assertThat(bytes).isEqualTo(expected.get(entity).tile(tile)));
        });
    }

}
