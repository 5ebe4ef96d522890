package dev.lockstep.serving;

import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.Heartbeat;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.RedisUnavailableException;
import dev.lockstep.store.StreamingProgress;
import dev.lockstep.store.TileWrite;
import dev.lockstep.store.WriteReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a store: counts reads, and fails every call as an unreachable Redis would while {@code down}. */
final class FlakyStore implements OnlineStore {

    volatile boolean down;
    final AtomicInteger readTilesCalls = new AtomicInteger();
    final AtomicInteger streamingProgressCalls = new AtomicInteger();
    private final OnlineStore delegate;

    FlakyStore(OnlineStore delegate) {
        this.delegate = delegate;
    }

    private void check(String operation) {
        if (down) {
            throw new RedisUnavailableException(operation + ": store is down (test)", null);
        }
    }

    @Override
    public WriteReport writeTiles(List<TileWrite> writes) {
        check("writeTiles");
        return delegate.writeTiles(writes);
    }

    @Override
    public Map<String, EntityTiles> readTiles(String group, List<String> entityKeys) {
        check("readTiles");
        readTilesCalls.incrementAndGet();
        return delegate.readTiles(group, entityKeys);
    }

    @Override
    public boolean publishStreamingWatermark(String group, String topic, int partition, long watermark,
            long publishedAt) {
        check("publishStreamingWatermark");
        return delegate.publishStreamingWatermark(group, topic, partition, watermark, publishedAt);
    }

    @Override
    public boolean publishPartitionCount(String group, String topic, int partitionCount, long publishedAt) {
        check("publishPartitionCount");
        return delegate.publishPartitionCount(group, topic, partitionCount, publishedAt);
    }

    @Override
    public StreamingProgress streamingProgress(String group, String sourceTopic) {
        check("streamingProgress");
        streamingProgressCalls.incrementAndGet();
        return delegate.streamingProgress(group, sourceTopic);
    }

    @Override
    public boolean publishBatchWatermark(String group, long completedUpTo, long publishedAt) {
        check("publishBatchWatermark");
        return delegate.publishBatchWatermark(group, completedUpTo, publishedAt);
    }

    @Override
    public Optional<Heartbeat> batchWatermark(String group) {
        check("batchWatermark");
        return delegate.batchWatermark(group);
    }

    @Override
    public long removeExpiredTiles(String group, String entityKey, long nowMillis) {
        check("removeExpiredTiles");
        return delegate.removeExpiredTiles(group, entityKey, nowMillis);
    }

    @Override
    public long deleteAll() {
        check("deleteAll");
        return delegate.deleteAll();
    }

    @Override
    public void checkReachable() {
        check("checkReachable");
        delegate.checkReachable();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
