package dev.lockstep.streaming.internal;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.streaming.TileRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's changelogged store of open tiles, for one source. Keys are {@link TimeOrderedKeys} by the tile's
 * end, then its {@link TileRecord#key}; values are {@link TileRecord#valueBytes}. A tile closes once the
 * arrival watermark reaches its end plus the source's allowed lateness (the same for all its groups), so
 * dropping closed tiles reads only those.
 */
final class TileStore {

    private final KeyValueStore<Bytes, byte[]> store;
    private final long latenessMillis;
    private final TimeOrderedPurge purge;

    TileStore(KeyValueStore<Bytes, byte[]> store, long latenessMillis) {
        this.store = store;
        this.latenessMillis = latenessMillis;
        // Keys of the earlier layout are bare tile-record keys: they start with the group name, after the format's.
        this.purge = new TimeOrderedPurge(store, Bytes.wrap(new byte[] {TimeOrderedKeys.FORMAT + 1}), null);
    }

    /** The store key of a tile, from its tile-record key. */
    static byte[] key(byte[] recordKey, TileKey tile) {
        return TimeOrderedKeys.startKey(tile.endMillis(), recordKey.length).put(recordKey).array();
    }

    /** The stored value of a tile, or null; a tile stored under its legacy key is moved to its key first. */
    byte[] get(byte[] key, byte[] recordKey) {
        byte[] value = store.get(Bytes.wrap(key));
        if (value == null && purge.legacyKeys()) {
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
        // Closed once watermark >= end + lateness, i.e. end < watermark - lateness + 1. No tile ending
        // below that can be opened later: its events would arrive after their time plus lateness.
        long before = Math.max(arrivalWatermark, Long.MIN_VALUE + latenessMillis) - latenessMillis + 1;
        return purge.purge(before, entry -> arrivalWatermark
                >= TileRecord.decode(entry.key.get(), entry.value).tile().endMillis() + latenessMillis);
    }
}
