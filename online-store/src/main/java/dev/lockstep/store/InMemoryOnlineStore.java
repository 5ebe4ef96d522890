package dev.lockstep.store;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.internal.GroupRegistry;
import dev.lockstep.store.internal.HeartbeatCodec;
import dev.lockstep.store.internal.KeyLayout;
import dev.lockstep.store.internal.StoreMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The in-memory twin of {@link RedisOnlineStore}, for other modules' fast unit tests: the same guard,
 * expiry, TTL (by the injected clock) and heartbeat semantics, checked by the same contract suite.
 * Entries are immutable snapshots swapped per key inside {@link ConcurrentHashMap#compute}, which gives
 * the per-key atomicity the Lua script gives in Redis.
 */
public final class InMemoryOnlineStore implements OnlineStore {

    /** One entity's tiles and when its key expires (by the store's clock). */
    private record Entry(TreeMap<TileKey, byte[]> tiles, TreeMap<TileKey, Long> versions, long expiresAtMillis) {
    }

    private final GroupRegistry groups;
    private final Clock clock;
    private final StoreMetrics metrics;
    private final Map<String, Entry> entities = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Heartbeat>> heartbeats = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public InMemoryOnlineStore(List<GroupLayout> layouts, Clock clock, MeterRegistry meters) {
        this.groups = new GroupRegistry(layouts);
        this.clock = clock;
        this.metrics = new StoreMetrics(meters, "memory");
    }

    public InMemoryOnlineStore(List<GroupLayout> layouts, Clock clock) {
        this(layouts, clock, null);
    }

    @Override
    public WriteReport writeTiles(List<TileWrite> writes) {
        ensureOpen("writeTiles");
        groups.validate(writes);
        return metrics.timeWrite(() -> {
            long now = clock.millis();
            Map<String, List<TileWrite>> byKey = new LinkedHashMap<>();
            for (TileWrite write : writes) {
                byKey.computeIfAbsent(KeyLayout.entityKey(write.group(), write.entityKey()), k -> new ArrayList<>())
                        .add(write);
            }
            WriteReport total = WriteReport.EMPTY;
            long removed = 0;
            for (Map.Entry<String, List<TileWrite>> perKey : byKey.entrySet()) {
                GroupLayout layout = groups.layout(perKey.getValue().get(0).group());
                AtomicReference<WriteReport> report = new AtomicReference<>();
                AtomicLong cleaned = new AtomicLong();
                entities.compute(perKey.getKey(), (key, old) -> {
                    Entry live = alive(old, now);
                    TreeMap<TileKey, byte[]> tiles = live == null ? new TreeMap<>() : new TreeMap<>(live.tiles());
                    TreeMap<TileKey, Long> versions = live == null ? new TreeMap<>() : new TreeMap<>(live.versions());
                    int before = tiles.size();
                    report.set(apply(layout, perKey.getValue(), tiles, versions, now));
                    // As tile-guard.lua: cleanup only when the write added a tile (the only way a hash grows).
                    cleaned.set(tiles.size() > before ? removeExpired(layout, tiles, versions, now) : 0);
                    return tiles.isEmpty() ? null : new Entry(tiles, versions, now + layout.keyTtl().toMillis());
                });
                total = total.plus(report.get());
                removed += cleaned.get();
            }
            metrics.recordWrite(total, removed);
            return total;
        });
    }

    private static WriteReport apply(GroupLayout layout, List<TileWrite> writes, TreeMap<TileKey, byte[]> tiles,
            TreeMap<TileKey, Long> versions, long now) {
        int written = 0;
        int notNewer = 0;
        int expired = 0;
        for (TileWrite write : writes) {
            TileKey tile = write.tile();
            if (GroupRegistry.isExpired(layout, tile, now)) {
                expired++;
            } else if (versions.containsKey(tile) && versions.get(tile) >= write.version()) {
                notNewer++;
            } else {
                tiles.put(tile, write.irBytes());
                versions.put(tile, write.version());
                written++;
            }
        }
        return new WriteReport(written, notNewer, expired);
    }

    private static long removeExpired(GroupLayout layout, TreeMap<TileKey, byte[]> tiles,
            TreeMap<TileKey, Long> versions, long now) {
        List<TileKey> expired = tiles.keySet().stream()
                // As in the Lua script: tiles of hops the layout does not name are left alone.
                .filter(t -> layout.retentionByHopMillis().containsKey(t.hopMillis()))
                .filter(t -> GroupRegistry.isExpired(layout, t, now))
                .toList();
        expired.forEach(t -> {
            tiles.remove(t);
            versions.remove(t);
        });
        return expired.size();
    }

    private static Entry alive(Entry entry, long now) {
        return entry == null || entry.expiresAtMillis() <= now ? null : entry;
    }

    @Override
    public Map<String, EntityTiles> readTiles(String group, List<String> entityKeys) {
        ensureOpen("readTiles");
        groups.layout(group);
        return metrics.timeRead(() -> {
            long now = clock.millis();
            Map<String, EntityTiles> result = new LinkedHashMap<>();
            for (String entity : entityKeys) {
                Entry entry = alive(entities.get(KeyLayout.entityKey(group, entity)), now);
                result.put(entity, entry == null ? EntityTiles.empty() : new EntityTiles(entry.tiles(), entry.versions()));
            }
            return result;
        });
    }

    @Override
    public boolean publishStreamingWatermark(String group, String sourceTopic, int partition, long watermarkMillis,
            long publishedAtMillis) {
        ensureOpen("publishStreamingWatermark");
        HeartbeatCodec.requireNonNegative("publishStreamingWatermark",
                "group " + group + " topic " + sourceTopic + " partition " + partition, watermarkMillis,
                publishedAtMillis);
        return publish(KeyLayout.streamingHeartbeatKey(group, sourceTopic), Integer.toString(partition),
                new Heartbeat(watermarkMillis, publishedAtMillis));
    }

    @Override
    public boolean publishPartitionCount(String group, String sourceTopic, int partitionCount,
            long publishedAtMillis) {
        ensureOpen("publishPartitionCount");
        HeartbeatCodec.requirePositiveCount("publishPartitionCount", group, sourceTopic, partitionCount,
                publishedAtMillis);
        // Kept as Redis keeps it: a heartbeat-like (count, publishedAt) under the same forward-only rule.
        return publish(KeyLayout.partitionCountKey(group, sourceTopic), KeyLayout.PARTITION_COUNT_FIELD,
                new Heartbeat(partitionCount, publishedAtMillis));
    }

    @Override
    public StreamingProgress streamingProgress(String group, String sourceTopic) {
        ensureOpen("streamingProgress");
        Map<Integer, Heartbeat> beats = new TreeMap<>();
        heartbeats.getOrDefault(KeyLayout.streamingHeartbeatKey(group, sourceTopic), Map.of())
                .forEach((field, heartbeat) -> beats.put(Integer.parseInt(field), heartbeat));
        Heartbeat count = heartbeats.getOrDefault(KeyLayout.partitionCountKey(group, sourceTopic), Map.of())
                .get(KeyLayout.PARTITION_COUNT_FIELD);
        return new StreamingProgress(beats,
                count == null ? OptionalInt.empty() : OptionalInt.of((int) count.watermarkMillis()));
    }

    @Override
    public boolean publishBatchWatermark(String group, long completedUpToMillis, long publishedAtMillis) {
        ensureOpen("publishBatchWatermark");
        HeartbeatCodec.requireNonNegative("publishBatchWatermark", "group " + group, completedUpToMillis,
                publishedAtMillis);
        return publish(KeyLayout.batchHeartbeatKey(group), KeyLayout.BATCH_HEARTBEAT_FIELD,
                new Heartbeat(completedUpToMillis, publishedAtMillis));
    }

    @Override
    public Optional<Heartbeat> batchWatermark(String group) {
        ensureOpen("batchWatermark");
        return Optional.ofNullable(heartbeats.getOrDefault(KeyLayout.batchHeartbeatKey(group), Map.of())
                .get(KeyLayout.BATCH_HEARTBEAT_FIELD));
    }

    private boolean publish(String key, String field, Heartbeat heartbeat) {
        boolean[] stored = {false};
        heartbeats.compute(key, (k, old) -> {
            Map<String, Heartbeat> fields = old == null ? new ConcurrentHashMap<>() : old;
            Heartbeat current = fields.get(field);
            if (current == null || heartbeat.isLaterThan(current)) {
                fields.put(field, heartbeat);
                stored[0] = true;
            }
            return fields;
        });
        return stored[0];
    }

    @Override
    public long removeExpiredTiles(String group, String entityKey, long nowMillis) {
        ensureOpen("removeExpiredTiles");
        GroupLayout layout = groups.layout(group);
        AtomicLong removed = new AtomicLong();
        entities.computeIfPresent(KeyLayout.entityKey(group, entityKey), (key, old) -> {
            Entry live = alive(old, clock.millis());
            if (live == null) {
                return null;
            }
            TreeMap<TileKey, byte[]> tiles = new TreeMap<>(live.tiles());
            TreeMap<TileKey, Long> versions = new TreeMap<>(live.versions());
            removed.set(removeExpired(layout, tiles, versions, nowMillis));
            return tiles.isEmpty() ? null : new Entry(tiles, versions, live.expiresAtMillis());
        });
        metrics.recordRemoved(removed.get());
        return removed.get();
    }

    @Override
    public long deleteAll() {
        ensureOpen("deleteAll");
        long now = clock.millis();
        long deleted = entities.values().stream().filter(e -> alive(e, now) != null).count() + heartbeats.size();
        entities.clear();
        heartbeats.clear();
        return deleted;
    }

    /** The remaining TTL of an entity's key by the store's clock (what Redis's PTTL tells); for tests. */
    OptionalLong remainingTtlMillis(String group, String entityKey) {
        long now = clock.millis();
        Entry entry = alive(entities.get(KeyLayout.entityKey(group, entityKey)), now);
        return entry == null ? OptionalLong.empty() : OptionalLong.of(entry.expiresAtMillis() - now);
    }

    /** Always reachable: it lives in this process. */
    @Override
    public void checkReachable() {
    }

    @Override
    public void close() {
        closed = true;
    }

    private void ensureOpen(String operation) {
        if (closed) {
            throw new OnlineStoreException(operation + " called on a closed in-memory online store");
        }
    }
}
