package dev.lockstep.store;

import dev.lockstep.store.internal.KeyLayout;
import dev.lockstep.testing.redis.RedisClusterProcess;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.List;

/** What the outage and failover tests share: waiting for a store to take writes again, and where a key lives. */
final class Outages {

    private Outages() {
    }

    /** Repeats the write until the store takes it, failing the test after {@code patience}. */
    static WriteReport writeUntilRecovered(OnlineStore store, List<TileWrite> writes, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return store.writeTiles(writes);
            } catch (RedisUnavailableException stillDown) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("store did not recover within " + patience, stillDown);
                }
                Thread.sleep(50);
            }
        }
    }

    /** The index of the primary (as {@link RedisClusterProcess} started them) that serves an entity's key. */
    static int primaryOf(RedisClusterProcess cluster, String group, String entity) {
        int slot = SlotHash.getSlot(KeyLayout.entityKey(group, entity));
        return slot * cluster.nodes().size() / RedisClusterProcess.SLOTS;
    }
}
