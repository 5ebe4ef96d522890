package dev.lockstep.streaming;

import static dev.lockstep.streaming.testing.Transactions.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.engine.WindowRead;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.GroupLayout;
import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.streaming.internal.SourceMetrics;
import dev.lockstep.streaming.testing.Reference;
import dev.lockstep.streaming.testing.TopologyHarness;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared fixture of the TopologyTestDriver tests: the example spec's topology over an in-memory online
 * store and schema registry, and a mixed stream of good and bad records.
 */
abstract class TopologyTestSupport {

    static final long T0 = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli();
    static final long MIN = 60_000;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 3 * 3_600_000), ZoneOffset.UTC);
    static final SourcePlan PLAN = SourcePlan.compile(Transactions.SPEC, Transactions.SOURCE);

    final ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
    final Transactions tx = new Transactions(wireFormat);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    InMemoryOnlineStore store;
    TopologyHarness harness;

    @BeforeEach
    void start() {
        store = new InMemoryOnlineStore(OnlineStoreLayouts.of(Transactions.SPEC), CLOCK);
        harness = newHarness();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    TopologyHarness newHarness() {
        return newHarness(TopologySettings.defaults());
    }

    TopologyHarness newHarness(TopologySettings settings) {
        return new TopologyHarness(wireFormat, store, meters, CLOCK, settings);
    }

    /** Offsets 0..12; the comments give each record's fate. */
    void pipeMixedStream() {
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

    double counter(String outcome, String reason) {
        return meters.get(SourceMetrics.RECORDS).tag("source", Transactions.SOURCE).tag("outcome", outcome)
                .tag("reason", reason).counter().count();
    }

    /** Every tile the reference computes is in the store, byte for byte, and reads the same windows. */
    static void assertStoreMatchesReference(OnlineStore store, Reference reference) {
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
    static boolean expiredInStore(String group, TileKey tile) {
        GroupLayout layout = OnlineStoreLayouts.of(Transactions.SPEC).stream()
                .filter(l -> l.group().equals(group)).findFirst().orElseThrow();
        return tile.endMillis() < CLOCK.millis() - layout.retentionOf(tile.hopMillis()).toMillis();
    }

    static byte[] bytes(Object avroBytes) {
        if (avroBytes == null) {
            return null;
        }
        ByteBuffer buffer = ((ByteBuffer) avroBytes).duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
