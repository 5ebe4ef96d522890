package dev.lockstep.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.store.RedisUnavailableException;
import dev.lockstep.store.TileWrite;
import dev.lockstep.streaming.OnlineStoreLayouts;
import dev.lockstep.streaming.testing.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The buffer's promise to the commit, under any mix of tile writes (full rounds going out in the background),
 * commits, and store failures: a commit that succeeds leaves every tile buffered before it in the store at its
 * newest version and moves the flushed watermark to the last arrival before it; a commit that fails leaves the
 * watermark where it was, and the next successful one still delivers everything.
 */
class OnlineStoreBufferProperties {

    private static final long T0 = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli();
    private static final List<String> ENTITIES = List.of("c1", "c2", "c3", "c4", "c5");

    /** One step: write entity {@code n}'s tile again (0-4), commit (-1), or make the next {@code k} store calls fail (-2 - k). */
    @Property(tries = 500)
    void aSuccessfulCommitDeliversEveryBufferedTileAtItsNewestVersion(@ForAll("steps") List<Integer> steps) {
        InMemoryOnlineStore memory = new InMemoryOnlineStore(OnlineStoreLayouts.of(Transactions.SPEC),
                Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
        FlakyOnlineStore store = new FlakyOnlineStore(memory, 0);
        // A retry timeout shorter than the first backoff: a failing write fails at once.
        OnlineStoreBuffer buffer = new OnlineStoreBuffer("b", store, 3, Duration.ofMillis(1));
        TileKey tile = TileKey.containing(300_000, T0);
        Map<String, Long> newest = new HashMap<>();
        long arrival = T0;
        long committedWatermark = Long.MIN_VALUE;
        try {
            for (int step : steps) {
                if (step >= 0) {
                    String entity = ENTITIES.get(step);
                    long version = newest.merge(entity, 1L, Long::sum);
                    buffer.add(new TileWrite("card_txn", entity, tile, version, new byte[] {(byte) version}), ++arrival);
                } else if (step == -1) {
                    try {
                        buffer.flushCache();
                        committedWatermark = watermarkAfter(arrival);
                        for (Map.Entry<String, Long> written : newest.entrySet()) {
                            EntityTiles stored = memory.readTiles("card_txn", List.of(written.getKey())).get(written.getKey());
                            assertThat(stored.versions().get(tile)).as("%s after a commit", written.getKey())
                                    .isEqualTo(written.getValue());
                        }
                    } catch (RedisUnavailableException failedCommit) {
                        // the watermark must not move; checked below
                    }
                    assertThat(buffer.flushedWatermark()).isEqualTo(committedWatermark);
                } else {
                    store.failNext(-2 - step);
                }
            }
            store.failNext(0);
            try {
                buffer.flushCache();
            } catch (RedisUnavailableException failedInTheBackgroundSinceTheLastCommit) {
                buffer.flushCache(); // with the store back, the commit after that one succeeds
            }
            newest.forEach((entity, version) -> assertThat(memory.readTiles("card_txn", List.of(entity)).get(entity)
                    .versions().get(tile)).as("%s at the end", entity).isEqualTo(version));
            assertThat(buffer.flushedWatermark()).isEqualTo(watermarkAfter(arrival));
        } finally {
            buffer.close();
        }
    }

    /** One millisecond before the last arrival buffered, or none before any. */
    private static long watermarkAfter(long lastArrival) {
        return lastArrival == T0 ? Long.MIN_VALUE : lastArrival - 1;
    }

    @Provide
    Arbitrary<List<Integer>> steps() {
        return Arbitraries.frequencyOf(
                        Tuple.of(8, Arbitraries.integers().between(0, ENTITIES.size() - 1)),
                        Tuple.of(1, Arbitraries.just(-1)),
                        Tuple.of(1, Arbitraries.integers().between(-5, -2)))
                .list().ofMaxSize(60);
    }
}
