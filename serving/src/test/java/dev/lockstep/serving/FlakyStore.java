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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a store: counts reads, fails every call as an unreachable Redis would while {@code down}, and can hold
 * tile reads at a gate, as a slow Redis would, until they are released.
 */
final class FlakyStore implements OnlineStore {

    volatile boolean down;
    private volatile CountDownLatch gate;
    private final Semaphore heldReads = new Semaphore(0);
    final AtomicInteger readTilesCalls = new AtomicInteger();
    final AtomicInteger streamingProgressCalls = new AtomicInteger();
    private final OnlineStore delegate;

    FlakyStore(OnlineStore delegate) {
        this.delegate = delegate;
    }

    /** Tile reads from now on wait until {@link #releaseReads}. */
    void holdReads() {
        gate = new CountDownLatch(1);
    }

    void releaseReads() {
        gate.countDown();
    }

    /** Waits until a tile read is held at the gate; false if none came within the timeout. */
    boolean awaitHeldRead(long timeout, TimeUnit unit) throws InterruptedException {
        return heldReads.tryAcquire(timeout, unit);
    }

    private void passGate() {
        CountDownLatch current = gate;
        if (current == null) {
            return;
        }
        heldReads.release();
        try {
            current.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("readTiles: interrupted while held (test)", e);
        }
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
        passGate();
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
