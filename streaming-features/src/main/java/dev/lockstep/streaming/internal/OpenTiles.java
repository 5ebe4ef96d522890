package dev.lockstep.streaming.internal;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.TileWrite;
import dev.lockstep.streaming.TileRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * A task's open tiles: a write-back cache of decoded tiles in front of the changelogged tile store.
 * Events fold into the decoded IRs in memory; a tile updated k times between two commits is encoded,
 * written to the store (and so its changelog), sent to the tile topic and to the online store once, at
 * {@link #flush}, which Kafka Streams runs before every commit (see {@link OnlineStoreBuffer}).
 *
 * <p>Why this stays exactly-once: the version of a tile still counts the events folded into it, one by
 * one, so (version, IR) is a function of the partition's input prefix, whatever the commit boundaries.
 * All writes of a flush (store put, changelog record, tile-topic record) go through the task's producer
 * inside the open transaction, before the input offsets are committed with it; the online-store write
 * completes before the commit too. A crash before the commit aborts the transaction: the tile store is
 * restored from the committed changelog, this cache starts empty, and the input after the last commit is
 * replayed in the same order, reproducing the same (version, IR) pairs; the online store skips those it
 * already has as not newer. Clean entries equal the store's committed value, so they may be evicted at any
 * time; dirty ones are only ever dropped together with the uncommitted input that made them dirty
 * ({@link #discard}).
 *
 * <p>Memory is bounded by {@code maxBytes}, an estimate from each tile's encoded size: over it, dirty tiles
 * are flushed (mid-interval, still inside the transaction) and the least recently used ones are evicted.
 * Cached tiles are also indexed by the arrival time at which they close, so dropping closed tiles costs what
 * closed, not a walk of the whole cache at every purge (that walk was 13% of the stream thread's samples at a
 * purge every 5 s; docs/benchmarks.md).
 */
final class OpenTiles {

    /** Heap overhead of a cached tile beyond its encoded size: key strings, maps, boxed IR objects. */
    static final int ENTRY_OVERHEAD_BYTES = 400;

    /** Where a flushed tile goes besides the store: the tile topic. */
    interface TileSink {
        void emit(byte[] key, byte[] value, long arrival);
    }

    private final List<GroupPlan> plans;
    private final TileStore store;
    private final OnlineStoreBuffer buffer;
    private final long maxBytes;
    private final LinkedHashMap<OpenTile, OpenTile> tiles = new LinkedHashMap<>(1 << 12, 0.75f, true);
    /** The cached tiles by the arrival time they close at ({@link GroupPlan#closesAt}): the same tiles as {@link #tiles}. */
    private final NavigableMap<Long, Set<OpenTile>> byClosingTime = new TreeMap<>();
    private final List<OpenTile> dirty = new ArrayList<>();
    private long estimatedBytes;

    OpenTiles(List<GroupPlan> groups, TileStore store, OnlineStoreBuffer buffer, long maxBytes) {
        this.plans = List.copyOf(groups);
        this.store = store;
        this.buffer = buffer;
        this.maxBytes = maxBytes;
    }

    /** Folds one accepted event into its tile of every hop of every streamed group. */
    void fold(AcceptedEvent event, RecordPosition position) {
        for (GroupPlan plan : plans) {
            for (long hop : plan.hops()) {
                TileKey tile = TileKey.containing(hop, event.eventTime());
                if (plan.isClosed(tile, event.arrival())) {
                    // Acceptance bounds lateness, so this is a bug, not bad input: fail the task loudly.
                    throw new IllegalStateException("accepted event at " + position + " would update tile " + tile
                            + " of group " + plan.name() + ", which is closed at its arrival");
                }
                OpenTile open = lookup(plan, event.entityKey(), tile);
                plan.fold(tile, open.irs, event);
                open.version++;
                open.lastArrival = event.arrival();
                if (!open.dirty) {
                    open.dirty = true;
                    dirty.add(open);
                }
            }
        }
    }

    /**
     * After a fold: if over the memory budget, flushes dirty tiles and evicts the least recently used;
     * returns whether it did. Call in the processor's scope (it forwards).
     */
    boolean evictIfOverBudget(TileSink sink) {
        if (estimatedBytes <= maxBytes) {
            return false;
        }
        flush(sink);
        long target = maxBytes - maxBytes / 4;
        Iterator<OpenTile> eldest = tiles.keySet().iterator();
        while (estimatedBytes > target && eldest.hasNext()) {
            OpenTile evicted = eldest.next();
            estimatedBytes -= evicted.estimatedBytes;
            eldest.remove();
            unindex(evicted);
        }
        return true;
    }

    /** Writes every dirty tile once: store (changelog), tile topic, online-store buffer. */
    void flush(TileSink sink) {
        for (OpenTile open : dirty) {
            byte[] ir = open.plan.encode(open.tile, open.irs);
            byte[] value = ByteBuffer.allocate(Long.BYTES + ir.length).putLong(open.version).put(ir).array();
            store.put(open.storeKey, value);
            sink.emit(open.recordKey, value, open.lastArrival);
            buffer.add(new TileWrite(open.plan.name(), open.entity, open.tile, open.version, ir), open.lastArrival);
            estimatedBytes += ir.length - open.estimatedBytes + ENTRY_OVERHEAD_BYTES;
            open.estimatedBytes = ir.length + ENTRY_OVERHEAD_BYTES;
            open.dirty = false;
        }
        dirty.clear();
    }

    /** Forgets every cached tile, dirty ones included: their input is uncommitted and will be replayed. */
    void discard() {
        tiles.clear();
        byClosingTime.clear();
        dirty.clear();
        estimatedBytes = 0;
    }

    /**
     * Drops the tiles closed at this arrival watermark, from the cache and the store: no accepted event can
     * reach them any more. Call after {@link #flush}, so a closed tile's last update has been written.
     */
    int dropClosed(long arrivalWatermark) {
        if (!dirty.isEmpty()) {
            throw new IllegalStateException(dirty.size() + " dirty tiles: flush before dropping closed tiles");
        }
        NavigableMap<Long, Set<OpenTile>> closed = byClosingTime.headMap(arrivalWatermark, true);
        for (Set<OpenTile> closing : closed.values()) {
            for (OpenTile open : closing) {
                tiles.remove(open);
                estimatedBytes -= open.estimatedBytes;
            }
        }
        closed.clear();
        return store.dropClosed(arrivalWatermark);
    }

    int cachedTiles() {
        return tiles.size();
    }

    int dirtyTiles() {
        return dirty.size();
    }

    /** The cached tiles as {@code group/entity/hop/index}, for tests and diagnostics. */
    Set<String> cachedTileIds() {
        Set<String> ids = new HashSet<>();
        tiles.keySet().forEach(open -> ids.add(open.id()));
        return ids;
    }

    /** The tiles in the closing-time index as {@code group/entity/hop/index}: always {@link #cachedTileIds()}. */
    Set<String> indexedTileIds() {
        Set<String> ids = new HashSet<>();
        byClosingTime.values().forEach(closing -> closing.forEach(open -> ids.add(open.id())));
        return ids;
    }

    private OpenTile lookup(GroupPlan plan, String entity, TileKey tile) {
        OpenTile probe = new OpenTile(plan, entity, tile);
        OpenTile open = tiles.get(probe);
        if (open != null) {
            return open;
        }
        probe.recordKey = TileRecord.key(plan.name(), entity, tile);
        probe.storeKey = TileStore.key(probe.recordKey, tile);
        byte[] stored = store.get(probe.storeKey, probe.recordKey);
        if (stored == null) {
            probe.irs = plan.emptyIrs(tile);
            probe.estimatedBytes = ENTRY_OVERHEAD_BYTES;
        } else {
            ByteBuffer value = ByteBuffer.wrap(stored);
            probe.version = value.getLong();
            byte[] ir = new byte[value.remaining()];
            value.get(ir);
            probe.irs = plan.decode(tile, ir);
            probe.estimatedBytes = ir.length + ENTRY_OVERHEAD_BYTES;
        }
        tiles.put(probe, probe);
        byClosingTime.computeIfAbsent(probe.plan.closesAt(tile), closesAt -> new HashSet<>()).add(probe);
        estimatedBytes += probe.estimatedBytes;
        return probe;
    }

    private void unindex(OpenTile open) {
        long closesAt = open.plan.closesAt(open.tile);
        Set<OpenTile> closing = byClosingTime.get(closesAt);
        closing.remove(open);
        if (closing.isEmpty()) {
            byClosingTime.remove(closesAt);
        }
    }

    /** One cached tile; identity is (group, entity, tile), the rest is its mutable state. */
    private static final class OpenTile {
        final GroupPlan plan;
        final String entity;
        final TileKey tile;
        byte[] recordKey;
        byte[] storeKey;
        Object[] irs;
        long version;
        long lastArrival;
        boolean dirty;
        int estimatedBytes;

        OpenTile(GroupPlan plan, String entity, TileKey tile) {
            this.plan = plan;
            this.entity = entity;
            this.tile = tile;
        }

        String id() {
            return plan.name() + "/" + entity + "/" + tile.hopMillis() + "/" + tile.index();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof OpenTile that && plan == that.plan && tile.equals(that.tile)
                    && entity.equals(that.entity);
        }

        @Override
        public int hashCode() {
            return (entity.hashCode() * 31 + tile.hashCode()) * 31 + System.identityHashCode(plan);
        }
    }
}
