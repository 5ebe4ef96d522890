package dev.lockstep.streaming;

import static dev.lockstep.streaming.testing.Transactions.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.engine.WindowRead;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.GroupLayout;
import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.streaming.internal.DeadLetters;
import dev.lockstep.streaming.internal.SourceMetrics;
import dev.lockstep.streaming.testing.Reference;
import dev.lockstep.streaming.testing.SourceRecordAt;
import dev.lockstep.streaming.testing.TopologyHarness;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeatureTopologyTest {

    private static final long T0 = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli();
    private static final long MIN = 60_000;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 3 * 3_600_000), ZoneOffset.UTC);
    private static final SourcePlan PLAN = SourcePlan.compile(Transactions.SPEC, Transactions.SOURCE);

    private final ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
    private final Transactions tx = new Transactions(wireFormat);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private InMemoryOnlineStore store;
    private TopologyHarness harness;

    @BeforeEach
    void start() {
        store = new InMemoryOnlineStore(OnlineStoreLayouts.of(Transactions.SPEC), CLOCK);
        harness = newHarness();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private TopologyHarness newHarness() {
        return new TopologyHarness(wireFormat, store, meters, CLOCK, TopologySettings.defaults());
    }

    /** Offsets 0..12; the comments give each record's fate. */
    private void pipeMixedStream() {
        long t = T0;
        harness.pipe(key("c1"), tx.encode("t1", "c1", "m1", 10.0, "DE", t - 2 * MIN), t);          // 0 accepted
        harness.pipe(key("c1"), tx.encode("t2", "c1", "m2", 20.0, null, t - 9 * MIN), t + 1000);   // 1 late, accepted
        harness.pipe(key("c1"), tx.encode("t3", "c1", "m1", 5.0, "FR", t - 11 * MIN), t + 2000);   // 2 TOO_LATE
        harness.pipe(key("c2"), tx.encode("t4", "c2", "m3", 7.5, "DE", t + 3000 + 61_000), t + 3000); // 3 TOO_FAR_IN_FUTURE
        harness.pipe(key("c2"), tx.encode("t5", "c2", "m3", 7.5, "DE", t + 3000 + 30_000), t + 3000); // 4 future, accepted
        harness.pipe(key("c1"), tx.encode("t1", "c1", "m9", 99.0, "US", t - 2 * MIN), t + 4000);   // 5 duplicate of 0
        harness.pipe(key("c2"), tx.encode("t6", "c2", "m3", Double.NaN, "DE", t), t + 5000);      // 6 INVALID_VALUE
        harness.pipe(key("c3"), Transactions.garbage(), t + 6000);                                 // 7 UNDECODABLE
        harness.pipe(key("c3"), Transactions.unknownSchemaId(), t + 7000);                         // 8 UNKNOWN_SCHEMA
        harness.pipe(key(""), tx.encode("t7", "", "m1", 1.0, "DE", t), t + 8000);                  // 9 MISSING_ENTITY_KEY
        harness.pipe(null, null, t + 9000);                                                        // 10 UNDECODABLE
        harness.pipe(key("c1"), tx.encode("t8", "c1", "m2", 3.25, "NL", t + 40 * MIN), t + 40 * MIN); // 11 accepted
        harness.pipe(key("c1"), tx.encode("t9", "c1", "m5", 0.1, "NL", t + 20 * 60 * MIN), t + 20 * 60 * MIN); // 12
    }

    @Test
    void shouldDeadLetterExactlyTheRejectedRecordsWithTheirReasonCodes() {
        pipeMixedStream();

        Map<Long, String> reasons = new TreeMap<>();
        for (TestRecord<byte[], byte[]> letter : harness.deadLetters().readRecordsToList()) {
            GenericRecord decoded = wireFormat.decode(letter.value(), DeadLetters.SCHEMA).record();
            long offset = (Long) decoded.get("source_offset");
            reasons.put(offset, decoded.get("reason_code").toString());
            SourceRecordAt source = harness.piped().get((int) offset);
            assertThat(decoded.get("message").toString()).contains(Transactions.TOPIC + "/0@" + offset);
            assertThat((Long) decoded.get("arrival_time")).isEqualTo(source.position().arrivalMillis());
            assertThat(bytes(decoded.get("value"))).isEqualTo(source.value());
        }
        assertThat(reasons).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                2L, "TOO_LATE", 3L, "TOO_FAR_IN_FUTURE", 6L, "INVALID_VALUE", 7L, "UNDECODABLE",
                8L, "UNKNOWN_SCHEMA", 9L, "MISSING_ENTITY_KEY", 10L, "UNDECODABLE")));
        Map<Long, String> expected = new TreeMap<>();
        Reference.of(PLAN, wireFormat, harness.piped()).rejections()
                .forEach((position, reason) -> expected.put(position.offset(), reason.name()));
        assertThat(reasons).isEqualTo(expected);
        assertThat(counter("rejected", RejectReason.UNDECODABLE.name())).isEqualTo(2.0);
        assertThat(counter("accepted", "none")).isEqualTo(5.0);
    }

    @Test
    void shouldCountDuplicatesWithoutDeadLetteringThem() {
        pipeMixedStream();

        assertThat(counter("duplicate", "none")).isEqualTo(1.0);
        assertThat(harness.deadLetters().readRecordsToList()).noneMatch(letter ->
                (Long) wireFormat.decode(letter.value(), DeadLetters.SCHEMA).record().get("source_offset") == 5L);
        assertThat(Reference.of(PLAN, wireFormat, harness.piped()).duplicates()).isEqualTo(1);
    }

    @Test
    void shouldWriteTilesToTheOnlineStoreEqualToTheOfflineReference() {
        pipeMixedStream();

        assertStoreMatchesReference(Reference.of(PLAN, wireFormat, harness.piped()));
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
            all.forEachRemaining(kv -> open.add(TileRecord.decode(kv.key.get(), kv.value).entity()));
        }
        assertThat(open).containsOnly("c4").hasSize(PLAN.group("card_txn").hops().length);
        var dedup = harness.driver().<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore("lockstep-dedup-transactions");
        assertThat(dedup.approximateNumEntries()).isEqualTo(1);
    }

    @Test
    void shouldAcceptAnEvolvedWriterSchemaAndDeadLetterAnIncompatibleOneAsUnknownSchema() {
        Schema evolved = SchemaBuilder.record("Transaction").namespace("dev.lockstep.example").fields()
                .requiredString("txn_id").requiredString("card_id").requiredString("merchant_id")
                .requiredDouble("amount").requiredString("currency").optionalString("country")
                .requiredLong("event_time").requiredString("channel").requiredString("added_later").endRecord();
        GenericRecord newer = new GenericData.Record(evolved);
        Transactions.record("t1", "c1", "m1", 10.0, "DE", T0).getSchema().getFields()
                .forEach(f -> newer.put(f.name(), Transactions.record("t1", "c1", "m1", 10.0, "DE", T0).get(f.name())));
        newer.put("added_later", "x");
        Schema incompatible = SchemaBuilder.record("Transaction").namespace("dev.lockstep.example").fields()
                .requiredString("txn_id").requiredString("card_id").endRecord();
        GenericRecord older = new GenericData.Record(incompatible);
        older.put("txn_id", "t2");
        older.put("card_id", "c1");

        harness.pipe(key("c1"), wireFormat.encode(Transactions.TOPIC + "-value", newer), T0);
        harness.pipe(key("c1"), wireFormat.encode(Transactions.TOPIC + "-value", older), T0);

        assertThat(counter("accepted", "none")).isEqualTo(1.0);
        List<TestRecord<byte[], byte[]>> letters = harness.deadLetters().readRecordsToList();
        assertThat(letters).hasSize(1);
        GenericRecord letter = wireFormat.decode(letters.get(0).value(), DeadLetters.SCHEMA).record();
        assertThat(letter.get("reason_code").toString()).isEqualTo("UNKNOWN_SCHEMA");
        assertThat(letter.get("message").toString()).contains(Transactions.TOPIC + "/0@1").contains("INCOMPATIBLE_SCHEMA");
    }

    @Test
    void shouldCountAcceptedRecordsNotKeyedByTheirEntityKey() {
        harness.pipe(key("someone-else"), tx.encode("t1", "c1", "m1", 10.0, "DE", T0), T0);
        harness.pipe(key("c1"), tx.encode("t2", "c1", "m1", 10.0, "DE", T0), T0);

        assertThat(meters.get(SourceMetrics.MISROUTED).counter().count()).isEqualTo(1.0);
        assertThat(counter("accepted", "none")).isEqualTo(2.0);
    }

    @Test
    void shouldPublishTheArrivalWatermarkAsAHeartbeatAlsoWhenIdle() {
        pipeMixedStream();
        harness.driver().advanceWallClockTime(Duration.ofSeconds(5));

        long lastArrival = harness.piped().get(harness.piped().size() - 1).position().arrivalMillis();
        assertThat(store.streamingWatermarks(Transactions.TOPIC).get(0).watermarkMillis()).isEqualTo(lastArrival);
    }

    private void assertStoreMatchesReference(Reference reference) {
        for (GroupPlan group : PLAN.groups()) {
            Map<String, Map<TileKey, byte[]>> expected = reference.tiles().get(group.name());
            Map<String, EntityTiles> stored = store.readTiles(group.name(), new ArrayList<>(expected.keySet()));
            assertThat(expected).isNotEmpty();
            expected.forEach((entity, all) -> {
                Map<TileKey, byte[]> tiles = new TreeMap<>(all);
                tiles.keySet().removeIf(tile -> expiredInStore(group.name(), tile));
                Map<TileKey, byte[]> actual = stored.get(entity).tiles();
                assertThat(actual.keySet()).as(entity).isEqualTo(tiles.keySet());
                tiles.forEach((tile, bytes) -> assertThat(actual.get(tile)).as(entity + " " + tile).isEqualTo(bytes));
                for (long t = T0 - 30 * MIN; t <= T0 + 21 * 60 * MIN; t += 7 * MIN) {
                    assertThat(WindowRead.at(group, t, actual)).isEqualTo(WindowRead.at(group, t, tiles));
                }
            });
        }
    }

    /** The store drops tiles past their hop's retention at its clock (see online-store README). */
    private static boolean expiredInStore(String group, TileKey tile) {
        GroupLayout layout = OnlineStoreLayouts.of(Transactions.SPEC).stream()
                .filter(l -> l.group().equals(group)).findFirst().orElseThrow();
        return tile.endMillis() < CLOCK.millis() - layout.retentionOf(tile.hopMillis()).toMillis();
    }

    private static void assertSameTiles(Map<String, EntityTiles> actual, Map<String, EntityTiles> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        actual.forEach((entity, tiles) -> {
            assertThat(tiles.versions()).isEqualTo(expected.get(entity).versions());
            tiles.tiles().forEach((tile, bytes) -> assertThat(bytes).isEqualTo(expected.get(entity).tile(tile)));
        });
    }

    private double counter(String outcome, String reason) {
        return meters.get(SourceMetrics.RECORDS).tag("source", Transactions.SOURCE).tag("outcome", outcome)
                .tag("reason", reason).counter().count();
    }

    private static byte[] bytes(Object avroBytes) {
        if (avroBytes == null) {
            return null;
        }
        ByteBuffer buffer = ((ByteBuffer) avroBytes).duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
