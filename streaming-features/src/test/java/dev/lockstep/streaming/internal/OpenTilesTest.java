package dev.lockstep.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.Verdict;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.engine.TileFolder;
import dev.lockstep.features.event.AvroEventView;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.streaming.OnlineStoreLayouts;
import dev.lockstep.streaming.TileRecord;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write-back cache of open tiles: one write per dirty tile per flush, versions counting events. */
class OpenTilesTest {

    private static final long T0 = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli();
    private static final SourcePlan PLAN = SourcePlan.compile(Transactions.SPEC, Transactions.SOURCE);
    private static final GroupPlan GROUP = PLAN.group("card_txn");
    private static final long LATENESS = PLAN.source().allowedLateness().toMillis();

    private final ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
    private final Transactions tx = new Transactions(wireFormat);
    private final InMemoryOnlineStore online = new InMemoryOnlineStore(OnlineStoreLayouts.of(Transactions.SPEC),
            Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
    private final Map<String, List<TileRecord>> emitted = new TreeMap<>();
    private final OpenTiles.TileSink sink = (key, value, arrival) -> {
        TileRecord tile = TileRecord.decode(key, value);
        emitted.computeIfAbsent(tile.entity() + "/" + tile.tile(), k -> new ArrayList<>()).add(tile);
    };
    private KeyValueStore<Bytes, byte[]> store;
    private OnlineStoreBuffer buffer;
    private long offset;

    @BeforeEach
    void createStore() {
        store = TestStores.inMemory("tiles");
        buffer = new OnlineStoreBuffer("buffer", online, 1_000, Duration.ofSeconds(1));
    }

    private AcceptedEvent event(String card, double amount, long eventTime) {
        RecordPosition position = new RecordPosition(Transactions.TOPIC, 0, offset++, T0 + offset);
        var decoded = wireFormat.decode(tx.encode("t" + offset, card, "m" + offset, amount, "DE", eventTime),
                PLAN.source().schema()).record();
        return ((Verdict.Accepted) PLAN.acceptance().evaluate(new AvroEventView(decoded), position)).event();
    }

    @Test
    void shouldWriteEachTileUpdatedBetweenFlushesOnceWithItsVersionCountingEvents() {
        OpenTiles tiles = new OpenTiles(List.of(GROUP), new TileStore(store, LATENESS), buffer, 1 << 20);
        List<AcceptedEvent> events = List.of(event("c1", 1.0, T0 - 1000), event("c1", 2.5, T0 - 2000),
                event("c1", 4.0, T0 - 3000));
        events.forEach(e -> tiles.fold(e, null));

        tiles.flush(sink);
        buffer.flushCache();

        TileFolder reference = new TileFolder(GROUP).addAll(events);
        assertThat(emitted).hasSize(GROUP.hops().length);
        for (Map.Entry<TileKey, byte[]> tile : reference.encodedTiles().entrySet()) {
            List<TileRecord> writes = emitted.get("c1/" + tile.getKey());
            assertThat(writes).hasSize(1);
            assertThat(writes.get(0).version()).isEqualTo(3);
            assertThat(writes.get(0).irBytes()).isEqualTo(tile.getValue());
            byte[] recordKey = TileRecord.key("card_txn", "c1", tile.getKey());
            byte[] stored = store.get(Bytes.wrap(TileStore.key(recordKey, tile.getKey())));
            assertThat(TileRecord.decode(TileRecord.key("card_txn", "c1", tile.getKey()), stored))
                    .isEqualTo(writes.get(0));
            assertThat(online.readTiles("card_txn", List.of("c1")).get("c1").versions().get(tile.getKey()))
                    .isEqualTo(3);
        }
        assertThat(tiles.dirtyTiles()).isZero();
    }

    @Test
    void shouldWriteDirtyTilesEarlyAndContinueVersionsFromTheStoreAfterEvictingOverBudget() {
        OpenTiles tiles = new OpenTiles(List.of(GROUP), new TileStore(store, LATENESS), buffer, 1);
        tiles.fold(event("c1", 1.0, T0 - 1000), null);

        assertThat(tiles.evictIfOverBudget(sink)).isTrue();
        assertThat(tiles.cachedTiles()).isZero();
        assertThat(emitted.values()).allSatisfy(writes -> assertThat(writes).extracting(TileRecord::version)
                .containsExactly(1L));

        tiles.fold(event("c1", 2.0, T0 - 1000), null);
        tiles.flush(sink);

        assertThat(emitted.values()).allSatisfy(writes -> assertThat(writes).extracting(TileRecord::version)
                .containsExactly(1L, 2L));
    }

    @Test
    void shouldForgetDirtyTilesOnDiscardSoTheReplayStartsFromTheStore() {
        OpenTiles tiles = new OpenTiles(List.of(GROUP), new TileStore(store, LATENESS), buffer, 1 << 20);
        tiles.fold(event("c1", 1.0, T0 - 1000), null);
        tiles.flush(sink);
        tiles.fold(event("c1", 2.0, T0 - 1000), null);

        tiles.discard();
        tiles.fold(event("c1", 2.0, T0 - 1000), null);
        tiles.flush(sink);

        assertThat(emitted.values()).allSatisfy(writes -> assertThat(writes).extracting(TileRecord::version)
                .containsExactly(1L, 2L));
    }
}
