package dev.lockstep.streaming.internal;

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

/** An online store whose tile writes fail as unreachable a given number of times, then delegate. */
final class FlakyOnlineStore implements OnlineStore {

    private final OnlineStore delegate;
    private final AtomicInteger failuresLeft;
    final AtomicInteger attempts = new AtomicInteger();

    FlakyOnlineStore(OnlineStore delegate, int failures) {
        this.delegate = delegate;
        this.failuresLeft = new AtomicInteger(failures);
    }

    void failNext(int failures) {
        failuresLeft.set(failures);
    }

    @Override
    public WriteReport writeTiles(List<TileWrite> writes) {
        attempts.incrementAndGet();
        if (failuresLeft.getAndDecrement() > 0) {
            throw new RedisUnavailableException("simulated outage writing " + writes.size() + " tiles", null);
        }
        return delegate.writeTiles(writes);
    }

    @Override
    public Map<String, EntityTiles> readTiles(String group, List<String> entityKeys) {
        return delegate.readTiles(group, entityKeys);
    }

    @Override
    public boolean publishStreamingWatermark(String group, String sourceTopic, int partition, long watermarkMillis,
            long publishedAtMillis) {
        return delegate.publishStreamingWatermark(group, sourceTopic, partition, watermarkMillis, publishedAtMillis);
    }

    @Override
    public boolean publishPartitionCount(String group, String sourceTopic, int partitionCount, long publishedAtMillis) {
        return delegate.publishPartitionCount(group, sourceTopic, partitionCount, publishedAtMillis);
    }

    @Override
    public StreamingProgress streamingProgress(String group, String sourceTopic) {
        return delegate.streamingProgress(group, sourceTopic);
    }

    @Override
    public boolean publishBatchWatermark(String group, long completedUpToMillis, long publishedAtMillis) {
        return delegate.publishBatchWatermark(group, completedUpToMillis, publishedAtMillis);
    }

    @Override
    public Optional<Heartbeat> batchWatermark(String group) {
        return delegate.batchWatermark(group);
    }

    @Override
    public long removeExpiredTiles(String group, String entityKey, long nowMillis) {
        return delegate.removeExpiredTiles(group, entityKey, nowMillis);
    }

    @Override
    public long deleteAll() {
        return delegate.deleteAll();
    }

    @Override
    public void checkReachable() {
        delegate.checkReachable();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
