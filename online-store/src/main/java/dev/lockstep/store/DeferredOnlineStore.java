package dev.lockstep.store;

import dev.lockstep.features.tile.TileKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store whose first connection failed: one background thread tries again every retry interval, and until
 * one succeeds every call fails at once with {@link RedisUnavailableException} naming the last failure, as
 * calls to a connected store do while Redis is down. No caller ever waits for a connection attempt, so a
 * service started during an outage answers (not ready) instead of piling up threads, and starts serving
 * by itself when Redis answers. Once connected, every call goes straight to the connected store.
 */
final class DeferredOnlineStore implements OnlineStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredOnlineStore.class);

    private final Supplier<OnlineStore> connect;
    private final String endpoint;
    private final Duration retry;
    private final ScheduledExecutorService retries;
    private volatile OnlineStore connected;
    private volatile RuntimeException lastFailure;
    private boolean closed;

    DeferredOnlineStore(Supplier<OnlineStore> connect, String endpoint, Duration retry, RuntimeException firstFailure) {
        this.connect = connect;
        this.endpoint = endpoint;
        this.retry = retry;
        this.lastFailure = firstFailure;
        this.retries = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "online-store-connect");
            thread.setDaemon(true);
            return thread;
        });
        LOG.warn("online store not connected to Redis at {}; calls fail as unavailable until a connection, tried "
                + "every {}, succeeds: {}", endpoint, retry, firstFailure.getMessage());
        retries.scheduleWithFixedDelay(this::tryConnect, retry.toMillis(), retry.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether a connection has been made. */
    boolean isConnected() {
        return connected != null;
    }

    private void tryConnect() {
        OnlineStore store;
        try {
            store = connect.get();
        } catch (RuntimeException e) {
            lastFailure = e;
            LOG.debug("online store still not connected to Redis at {}: {}", endpoint, e.getMessage());
            return;
        }
        synchronized (this) {
            if (closed) {
                store.close();
            } else {
                connected = store;
                LOG.info("online store connected to Redis at {}", endpoint);
            }
        }
        retries.shutdown();
    }

    private OnlineStore store(String operation) {
        OnlineStore store = connected;
        if (store != null) {
            return store;
        }
        synchronized (this) {
            if (closed) {
                throw new OnlineStoreException(operation + ": the online store is closed");
            }
        }
        RuntimeException cause = lastFailure;
        throw new RedisUnavailableException(operation + ": not connected to Redis at " + endpoint
                + " yet (retrying every " + retry + "): " + cause.getMessage(), cause);
    }

    @Override
    public WriteReport writeTiles(List<TileWrite> writes) {
        return store("writeTiles").writeTiles(writes);
    }

    @Override
    public Map<String, EntityTiles> readTiles(String group, List<String> entityKeys) {
        return store("readTiles").readTiles(group, entityKeys);
    }

    @Override
    public Map<String, NavigableMap<TileKey, byte[]>> readTileValues(String group, List<String> entityKeys) {
        return store("readTileValues").readTileValues(group, entityKeys);
    }

    @Override
    public boolean publishStreamingWatermark(String group, String sourceTopic, int partition, long watermarkMillis,
            long publishedAtMillis) {
        return store("publishStreamingWatermark").publishStreamingWatermark(group, sourceTopic, partition,
                watermarkMillis, publishedAtMillis);
    }

    @Override
    public boolean publishPartitionCount(String group, String sourceTopic, int partitionCount,
            long publishedAtMillis) {
        return store("publishPartitionCount").publishPartitionCount(group, sourceTopic, partitionCount,
                publishedAtMillis);
    }

    @Override
    public StreamingProgress streamingProgress(String group, String sourceTopic) {
        return store("streamingProgress").streamingProgress(group, sourceTopic);
    }

    @Override
    public boolean publishBatchWatermark(String group, long completedUpToMillis, long publishedAtMillis) {
        return store("publishBatchWatermark").publishBatchWatermark(group, completedUpToMillis, publishedAtMillis);
    }

    @Override
    public Optional<Heartbeat> batchWatermark(String group) {
        return store("batchWatermark").batchWatermark(group);
    }

    @Override
    public long removeExpiredTiles(String group, String entityKey, long nowMillis) {
        return store("removeExpiredTiles").removeExpiredTiles(group, entityKey, nowMillis);
    }

    @Override
    public long deleteAll() {
        return store("deleteAll").deleteAll();
    }

    @Override
    public void checkReachable() {
        store("checkReachable").checkReachable();
    }

    @Override
    public void close() {
        OnlineStore store;
        synchronized (this) {
            closed = true;
            store = connected;
        }
        retries.shutdownNow();
        if (store != null) {
            store.close();
        }
    }
}
