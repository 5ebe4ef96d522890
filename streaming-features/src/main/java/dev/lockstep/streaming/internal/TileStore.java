package dev.lockstep.streaming.internal;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.streaming.TileRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's changelogged store of open tiles, for one source. Keys are {@link TimeOrderedKeys} by the tile's
 * end, then its {@link TileRecord#key}; values are {@link TileRecord#valueBytes}. A tile closes once the
 * arrival watermark reaches its end plus the source's allowed lateness (the same for all its groups), so
 * dropping closed tiles reads only those.
 */
final class TileStore {

    /** Keys written before {@link TimeOrderedKeys} are bare tile-record keys, starting with the group name. */
    private static final Bytes LEGACY_FIRST = Bytes.wrap(new byte[] {TimeOrderedKeys.FORMAT + 1});

    private final KeyValueStore<Bytes, byte[]> store;
    private final long latenessMillis;
    private boolean legacyKeys;
    /** Every tile ending earlier has been dropped (since this task started). */
    private long droppedBefore = Long.MIN_VALUE;

    TileStore(KeyValueStore<Bytes, byte[]> store, long latenessMillis) {
        this.store = store;
        this.latenessMillis = latenessMillis;
        try (KeyValueIterator<Bytes, byte[]> legacy = store.range(LEGACY_FIRST, null)) {
            this.legacyKeys = legacy.hasNext();
        }
    }

    /** The store key of a tile, from its tile-record key. */
    static byte[] key(byte[] recordKey, TileKey tile) {
        return TimeOrderedKeys.startKey(tile.endMillis(), recordKey.length).put(recordKey).array();
    }

    /** The stored value of a tile, or null; a tile stored under its legacy key is moved to its key first. */
    byte[] get(byte[] key, byte[] recordKey) {
        byte[] value = store.get(Bytes.wrap(key));
        if (value == null && legacyKeys) {
            value = store.delete(Bytes.wrap(recordKey));
            if (value != null) {
                store.put(Bytes.wrap(key), value);
            }
        }
        return value;
    }

    void put(byte[] key, byte[] value) {
        store.put(Bytes.wrap(key), value);
    }

    /** Deletes the tiles closed at this arrival watermark; returns how many. */
    int dropClosed(long arrivalWatermark) {
        List<KeyValue<Bytes, byte[]>> closed = new ArrayList<>();
        // Closed once watermark >= end + lateness, i.e. end < watermark - lateness + 1. No tile ending
        // below that can be opened later: its events would arrive after their time plus lateness.
        if (arrivalWatermark > Long.MIN_VALUE + latenessMillis) {
            long dropBefore = arrivalWatermark - latenessMillis + 1;
            TimeOrderedKeys.collectDeletes(store, droppedBefore, dropBefore, closed);
            droppedBefore = Math.max(droppedBefore, dropBefore);
        }
        if (legacyKeys) {
            try (KeyValueIterator<Bytes, byte[]> legacy = store.range(LEGACY_FIRST, null)) {
                legacyKeys = TimeOrderedKeys.collectLegacyDeletes(legacy, entry -> arrivalWatermark
                        >= TileRecord.decode(entry.key.get(), entry.value).tile().endMillis() + latenessMillis, closed);
            }
        }
        // Null values delete, in one RocksDB write batch; delete() reads every key back first for its result.
        store.putAll(closed);
        return closed.size();
    }
}
