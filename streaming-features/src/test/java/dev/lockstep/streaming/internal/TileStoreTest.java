package dev.lockstep.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.streaming.TileRecord;
import dev.lockstep.streaming.testing.Transactions;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The open-tile store: a tile is kept until the watermark reaches its end plus lateness, then dropped. */
class TileStoreTest {

    private static final GroupPlan GROUP = SourcePlan.compile(Transactions.SPEC, Transactions.SOURCE).group("card_txn");
    private static final long LATENESS = Transactions.SPEC.source(Transactions.SOURCE).orElseThrow().allowedLateness().toMillis();
    private static final long MINUTE = 60_000;

    private KeyValueStore<Bytes, byte[]> rocksDb;

    @BeforeTry
    void open() {
        rocksDb = TestStores.rocksDb("tiles");
    }

    @AfterTry
    void close() {
        rocksDb.close();
    }

    @Property(tries = 200)
    void dropsExactlyTheTilesClosedAtTheWatermark(@ForAll("rounds") List<List<TileKey>> rounds,
            @ForAll("steps") List<Long> watermarkSteps) {
        TileStore store = new TileStore(rocksDb, LATENESS);
        Set<TileKey> open = new LinkedHashSet<>();
        long watermark = -40 * MINUTE;
        for (int r = 0; r < rounds.size(); r++) {
            for (TileKey tile : rounds.get(r)) {
                // An accepted event arrives by its time plus lateness, so it never reopens a closed tile.
                if (!GROUP.isClosed(tile, watermark)) {
                    byte[] recordKey = TileRecord.key("g", "e", tile);
                    store.put(TileStore.key(recordKey, tile), value(tile));
                    open.add(tile);
                }
            }
            watermark += watermarkSteps.get(r % watermarkSteps.size());
            long at = watermark;
            Set<TileKey> closed = new LinkedHashSet<>(open.stream().filter(t -> GROUP.isClosed(t, at)).toList());
            assertThat(store.dropClosed(watermark)).as("dropped at %d", watermark).isEqualTo(closed.size());
            open.removeAll(closed);
            for (TileKey tile : closed) {
                byte[] recordKey = TileRecord.key("g", "e", tile);
                assertThat(store.get(TileStore.key(recordKey, tile), recordKey)).as("%s at %d", tile, at).isNull();
            }
            for (TileKey tile : open) {
                byte[] recordKey = TileRecord.key("g", "e", tile);
                assertThat(store.get(TileStore.key(recordKey, tile), recordKey)).as("%s at %d", tile, at)
                        .isEqualTo(value(tile));
            }
        }
    }

    @Provide
    Arbitrary<List<Long>> steps() {
        return Arbitraries.longs().between(0, 90 * MINUTE).list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<List<TileKey>>> rounds() {
        return tiles().list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<TileKey>> tiles() {
        // The example group's 5-minute, hour and day tiles around time zero, so that negative ends sort before positive ones.
        return Combinators.combine(Arbitraries.of(5 * MINUTE, 60 * MINUTE, 1_440 * MINUTE),
                Arbitraries.longs().between(-30, 40)).as(TileKey::new).list().ofMaxSize(40);
    }

    @Test
    void shouldMoveATileStoredUnderItsLegacyKeyWhenItIsReadAndDropLegacyTilesOnceClosed() {
        KeyValueStore<Bytes, byte[]> kv = TestStores.inMemory("tiles-legacy");
        TileKey open = new TileKey(5 * MINUTE, 10);
        TileKey closed = new TileKey(5 * MINUTE, 2);
        // Before time-ordered keys, the store key was the tile-record key itself.
        kv.put(Bytes.wrap(TileRecord.key("g", "e", open)), value(open));
        kv.put(Bytes.wrap(TileRecord.key("g", "e", closed)), value(closed));
        TileStore store = new TileStore(kv, LATENESS);

        byte[] recordKey = TileRecord.key("g", "e", open);
        assertThat(store.get(TileStore.key(recordKey, open), recordKey)).isEqualTo(value(open));
        assertThat(kv.get(Bytes.wrap(recordKey))).isNull();
        assertThat(kv.get(Bytes.wrap(TileStore.key(recordKey, open)))).isEqualTo(value(open));

        assertThat(store.dropClosed(closed.endMillis() + LATENESS)).isEqualTo(1);
        assertThat(kv.get(Bytes.wrap(TileRecord.key("g", "e", closed)))).isNull();
        assertThat(store.dropClosed(open.endMillis() + LATENESS - 1)).isZero();
        assertThat(store.dropClosed(open.endMillis() + LATENESS)).isEqualTo(1);
        assertThat(kv.approximateNumEntries()).isZero();
    }

    private static byte[] value(TileKey tile) {
        return new TileRecord("g", "e", tile, 1, tile.toString().getBytes(StandardCharsets.UTF_8)).valueBytes();
    }
}
