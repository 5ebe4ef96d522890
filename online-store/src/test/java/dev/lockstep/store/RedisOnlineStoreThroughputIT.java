package dev.lockstep.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.testing.redis.RedisServerExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sanity number, not a benchmark and not a timed assertion: 100k tiles written in pipelined batches of
 * 1,000 (250 entities x 4 tiles of 64 bytes per batch), printed as tiles/s.
 */
class RedisOnlineStoreThroughputIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final long HOP = 300_000;
    private static final int TOTAL = 100_000;
    private static final int BATCH = 1_000;
    private static final int TILES_PER_ENTITY = 4;

    @Test
    void shouldWriteOneHundredThousandTilesInBatches() {
        Clock clock = Clock.systemUTC();
        List<GroupLayout> layouts = List.of(new GroupLayout("card_txn", Duration.ofHours(3),
                Map.of(HOP, Duration.ofHours(2))));
        long current = TileKey.containing(HOP, clock.millis()).index();
        try (OnlineStore store = RedisOnlineStore.connect(PatientRedis.config(REDIS.uri()), layouts, clock, null)) {
            // Round 1 runs on a cold JVM (JIT, connection, script cache); round 2 rewrites every tile with
            // a newer version, so both rounds do the same work and round 2 shows the warm rate.
            for (long version = 1; version <= 2; version++) {
                List<List<TileWrite>> batches = batches(current, version);
                long start = System.nanoTime();
                int written = 0;
                for (List<TileWrite> batch : batches) {
                    written += store.writeTiles(batch).written();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("online-store throughput (%s): %d tiles in %d pipelined batches of %d:"
                        + " %.2f s, %.0f tiles/s%n", version == 1 ? "cold" : "warm", TOTAL, TOTAL / BATCH, BATCH,
                        seconds, TOTAL / seconds);
                assertThat(written).isEqualTo(TOTAL);
            }
        }
    }

    private static List<List<TileWrite>> batches(long currentIndex, long version) {
        byte[] ir = new byte[64];
        List<List<TileWrite>> batches = new ArrayList<>();
        for (int b = 0; b < TOTAL / BATCH; b++) {
            List<TileWrite> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                int n = b * BATCH + i;
                batch.add(new TileWrite("card_txn", "c" + n / TILES_PER_ENTITY,
                        new TileKey(HOP, currentIndex - n % TILES_PER_ENTITY), version, ir));
            }
            batches.add(batch);
        }
        return batches;
    }
}
