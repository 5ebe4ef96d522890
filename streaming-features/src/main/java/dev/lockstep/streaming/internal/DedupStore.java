package dev.lockstep.streaming.internal;

import dev.lockstep.features.accept.DedupKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's dedup state: the identities of the events it accepted that a copy may still follow. Keys are
 * {@link TimeOrderedKeys} by event time, then the length-prefixed UTF-8 entity key and event id; values are
 * empty. Every accepted copy arrives by {@code eventTime + allowed_lateness}, so once the arrival watermark
 * has passed that, the key is forgotten, and forgetting reads only those keys.
 */
final class DedupStore {

    private static final byte[] SEEN = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;
    private final long latenessMillis;
    /** Keys of the format before {@link TimeOrderedKeys} are left: look them up too, until all are forgotten. */
    private boolean legacyKeys;
    /** Every key of an earlier event time has been forgotten (since this task started). */
    private long forgottenBefore = Long.MIN_VALUE;

    DedupStore(KeyValueStore<Bytes, byte[]> store, long latenessMillis) {
        this.store = store;
        this.latenessMillis = latenessMillis;
        try (KeyValueIterator<Bytes, byte[]> legacy = legacyRange()) {
            this.legacyKeys = legacy.hasNext();
        }
    }

    /** Whether this is the first copy of the event seen (it is then remembered); false for a duplicate. */
    boolean firstSeen(DedupKey key) {
        byte[] entity = key.entityKey().getBytes(StandardCharsets.UTF_8);
        byte[] id = key.eventId().getBytes(StandardCharsets.UTF_8);
        Bytes encoded = Bytes.wrap(TimeOrderedKeys.startKey(key.eventTime(), 2 * Integer.BYTES + entity.length + id.length)
                .putInt(entity.length).put(entity).putInt(id.length).put(id).array());
        if (store.get(encoded) != null || legacyKeys && store.get(legacyKey(entity, id, key.eventTime())) != null) {
            return false;
        }
        store.put(encoded, SEEN);
        return true;
    }

    /** Forgets the keys that no accepted copy can follow at this arrival watermark; returns how many. */
    int forget(long arrivalWatermark) {
        List<KeyValue<Bytes, byte[]>> forgettable = new ArrayList<>();
        // Forgettable once eventTime + lateness < watermark, i.e. eventTime < watermark - lateness. No key
        // below that can be added later: acceptance rejects an event arriving after its time plus lateness.
        if (arrivalWatermark > Long.MIN_VALUE + latenessMillis) {
            long forgetBefore = arrivalWatermark - latenessMillis;
            TimeOrderedKeys.collectDeletes(store, forgottenBefore, forgetBefore, forgettable);
            forgottenBefore = Math.max(forgottenBefore, forgetBefore);
        }
        if (legacyKeys) {
            try (KeyValueIterator<Bytes, byte[]> legacy = legacyRange()) {
                // A legacy value is the arrival time after which the key may be forgotten.
                legacyKeys = TimeOrderedKeys.collectLegacyDeletes(legacy,
                        entry -> ByteBuffer.wrap(entry.value).getLong() < arrivalWatermark, forgettable);
            }
        }
        // Null values delete, in one RocksDB write batch; delete() reads every key back first for its result.
        store.putAll(forgettable);
        return forgettable.size();
    }

    /**
     * The keys written before {@link TimeOrderedKeys}: they start with a 4-byte entity length, so with a zero
     * byte, and sort before every key of the current format.
     */
    private KeyValueIterator<Bytes, byte[]> legacyRange() {
        return store.range(null, TimeOrderedKeys.FIRST);
    }

    private static Bytes legacyKey(byte[] entity, byte[] id, long eventTime) {
        return Bytes.wrap(ByteBuffer.allocate(Integer.BYTES * 2 + entity.length + id.length + Long.BYTES)
                .putInt(entity.length).put(entity).putInt(id.length).put(id).putLong(eventTime).array());
    }
}
