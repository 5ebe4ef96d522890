package dev.lockstep.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.Verdict;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.event.AvroEventView;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.streaming.OnlineStoreLayouts;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The open-tile cache under any mix of folds, evictions over budget and purges: a purge drops exactly the
 * cached tiles closed at its watermark, and the closing-time index always holds exactly the cached tiles.
 */
class OpenTilesProperties {

    private static final long T0 = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli();
    private static final SourcePlan PLAN = SourcePlan.compile(Transactions.SPEC, Transactions.SOURCE);
    private static final GroupPlan GROUP = PLAN.group("card_txn");
    private static final long LATENESS = PLAN.source().allowedLateness().toMillis();
    private static final long MINUTE = 60_000;

    /** One record: a card, how far arrival moves on, how late its event is, and whether a purge follows. */
    record Step(int card, long arrivalStep, long delay, boolean purge) {
    }

    private final ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
    private final Transactions tx = new Transactions(wireFormat);

    @Property(tries = 100)
    void purgeDropsExactlyTheClosedTilesAndTheIndexFollowsTheCache(@ForAll("steps") List<Step> steps,
            @ForAll("budgets") long maxBytes) {
        InMemoryOnlineStore online = new InMemoryOnlineStore(OnlineStoreLayouts.of(Transactions.SPEC),
                Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
        OnlineStoreBuffer buffer = new OnlineStoreBuffer("buffer", online, 1_000, Duration.ofSeconds(1));
        OpenTiles tiles = new OpenTiles(List.of(GROUP), new TileStore(TestStores.inMemory("tiles"), LATENESS), buffer, maxBytes);
        OpenTiles.TileSink sink = (key, value, arrival) -> { };
        long arrival = T0;
        long offset = 0;
        for (Step step : steps) {
            arrival += step.arrivalStep();
            tiles.fold(event(step.card(), arrival - step.delay(), new RecordPosition(Transactions.TOPIC, 0, offset++,
                    arrival)), null);
            tiles.evictIfOverBudget(sink);
            if (step.purge()) {
                tiles.flush(sink);
                Set<String> before = tiles.cachedTileIds();
                long watermark = arrival;
                Set<String> closed = before.stream().filter(id -> GROUP.isClosed(tileOf(id), watermark))
                        .collect(Collectors.toSet());

                tiles.dropClosed(watermark);

                Set<String> expected = new HashSet<>(before);
                expected.removeAll(closed);
                assertThat(tiles.cachedTileIds()).isEqualTo(expected);
            }
            assertThat(tiles.indexedTileIds()).isEqualTo(tiles.cachedTileIds());
            assertThat(tiles.cachedTiles()).isEqualTo(tiles.cachedTileIds().size());
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        // Up to 5 minutes between records over a few cards: tiles close (5-minute ones within a purge or two)
        // while others stay open; delays within the 10 minutes of lateness, so every event is accepted.
        return Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.longs().between(0, 5 * MINUTE),
                Arbitraries.longs().between(0, LATENESS),
                Arbitraries.integers().between(0, 3).map(n -> n == 0))
                .as(Step::new).list().ofMinSize(1).ofMaxSize(80);
    }

    @Provide
    Arbitrary<Long> budgets() {
        // From a budget that evicts at nearly every fold to one that never does.
        return Arbitraries.of(1L, 2_000L, 5_000L, 1L << 20);
    }

    private AcceptedEvent event(int card, long eventTime, RecordPosition position) {
        var decoded = wireFormat.decode(tx.encode("t" + position.offset(), "c" + card, "m1", 1.0, "DE", eventTime),
                PLAN.source().schema()).record();
        Verdict verdict = PLAN.acceptance().evaluate(new AvroEventView(decoded), position);
        assertThat(verdict).as("event at %s, time %d", position, eventTime).isInstanceOf(Verdict.Accepted.class);
        return ((Verdict.Accepted) verdict).event();
    }

    private static TileKey tileOf(String id) {
        String[] parts = id.split("/"); // group/entity/hop/index
        return new TileKey(Long.parseLong(parts[2]), Long.parseLong(parts[3]));
    }
}
