package dev.lockstep.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.store.RedisUnavailableException;
import dev.lockstep.store.TileWrite;
import dev.lockstep.streaming.OnlineStoreLayouts;
import dev.lockstep.streaming.testing.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnlineStoreBufferTest {

    private static final long NOW = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli();
    private static final TileKey TILE = TileKey.containing(300_000, NOW);

    private final InMemoryOnlineStore memory = new InMemoryOnlineStore(OnlineStoreLayouts.of(Transactions.SPEC),
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    private static TileWrite write(long version, byte value) {
        return new TileWrite("card_txn", "c1", TILE, version, new byte[] {value});
    }

    private long storedVersion() {
        return memory.readTiles("card_txn", List.of("c1")).get("c1").versions().get(TILE);
    }

    @Test
    void shouldWriteOnlyTheLatestVersionOfATileOnFlush() {
        FlakyOnlineStore store = new FlakyOnlineStore(memory, 0);
        OnlineStoreBuffer buffer = new OnlineStoreBuffer("b", store, 100, Duration.ofSeconds(1));
        buffer.add(write(1, (byte) 1), NOW);
        buffer.add(write(2, (byte) 2), NOW + 1);

        buffer.flushCache();

        assertThat(store.attempts).hasValue(1);
        assertThat(storedVersion()).isEqualTo(2);
        assertThat(buffer.flushedWatermark()).as("complete up to the millisecond before the last arrival").isEqualTo(NOW);
    }

    @Test
    void shouldRetryWhileTheStoreIsUnreachableWithoutLosingWrites() {
        FlakyOnlineStore store = new FlakyOnlineStore(memory, 2);
        OnlineStoreBuffer buffer = new OnlineStoreBuffer("b", store, 100, Duration.ofSeconds(2));
        buffer.add(write(1, (byte) 1), NOW);

        buffer.flushCache();

        assertThat(store.attempts).hasValue(3);
        assertThat(storedVersion()).isEqualTo(1);
    }

    @Test
    void shouldFailTheCommitAndKeepTheBufferWhenTheOutageOutlastsTheRetryTimeout() {
        FlakyOnlineStore store = new FlakyOnlineStore(memory, Integer.MAX_VALUE);
        OnlineStoreBuffer buffer = new OnlineStoreBuffer("b", store, 100, Duration.ofMillis(200));
        buffer.add(write(1, (byte) 1), NOW);

        assertThatThrownBy(buffer::flushCache).isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("still unreachable").hasMessageContaining("1 tiles of b");
        assertThat(buffer.flushedWatermark()).isEqualTo(Long.MIN_VALUE);

        store.failNext(0);
        buffer.flushCache();
        assertThat(storedVersion()).isEqualTo(1);
        assertThat(buffer.flushedWatermark()).isEqualTo(NOW - 1);
    }

    @Test
    void shouldStartWritingAFullBatchBeforeTheCommitAndAdvanceTheWatermarkOnlyAtTheCommit() throws Exception {
        FlakyOnlineStore store = new FlakyOnlineStore(memory, 0);
        OnlineStoreBuffer buffer = new OnlineStoreBuffer("b", store, 2, Duration.ofSeconds(1));
        buffer.add(write(1, (byte) 1), NOW);
        assertThat(store.attempts).hasValue(0);

        buffer.add(new TileWrite("card_txn", "c2", TILE, 1, new byte[] {7}), NOW + 5);

        awaitStored("c2");
        assertThat(storedVersion()).isEqualTo(1);
        assertThat(buffer.flushedWatermark()).as("written, but not committed").isEqualTo(Long.MIN_VALUE);
        buffer.flushCache();
        assertThat(buffer.flushedWatermark()).isEqualTo(NOW + 4);
        assertThat(store.attempts).as("nothing left to write at the commit").hasValue(1);
        buffer.close();
    }

    @Test
    void shouldFailTheCommitWhenABackgroundBatchFailedAndWriteItsTilesAtTheNext() {
        FlakyOnlineStore store = new FlakyOnlineStore(memory, Integer.MAX_VALUE);
        OnlineStoreBuffer buffer = new OnlineStoreBuffer("b", store, 2, Duration.ofMillis(200));
        buffer.add(write(1, (byte) 1), NOW);
        buffer.add(new TileWrite("card_txn", "c2", TILE, 1, new byte[] {7}), NOW);
        buffer.add(write(2, (byte) 2), NOW + 1); // a newer version of c1's tile while the batch is out

        assertThatThrownBy(buffer::flushCache).isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("still unreachable").hasMessageContaining("writing 2 tiles of b");
        assertThat(buffer.flushedWatermark()).isEqualTo(Long.MIN_VALUE);

        store.failNext(0);
        buffer.flushCache();
        assertThat(storedVersion()).as("the newer version stays the buffered one").isEqualTo(2);
        assertThat(memory.readTiles("card_txn", List.of("c2")).get("c2").versions().get(TILE)).isEqualTo(1);
        assertThat(buffer.flushedWatermark()).isEqualTo(NOW);
        buffer.close();
    }

    private void awaitStored(String entity) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (memory.readTiles("card_txn", List.of(entity)).get(entity).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(memory.readTiles("card_txn", List.of(entity)).get(entity).isEmpty()).as("%s stored", entity).isFalse();
    }
}
