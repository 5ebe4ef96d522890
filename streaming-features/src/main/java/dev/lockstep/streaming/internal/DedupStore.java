package dev.lockstep.streaming.internal;

import dev.lockstep.features.accept.DedupKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's dedup state: the identities of the events it accepted that a copy may still follow. Keys are
 * {@link TimeOrderedKeys} by event time, then the length-prefixed UTF-8 entity key and event id; values are
 * empty. Every accepted copy arrives by {@link DedupKey#forgettableAfterArrival}, so once the arrival
 * watermark has passed that, the key is forgotten, and forgetting reads only those keys.
 */
final class DedupStore {

    private static final byte[] SEEN = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;
    private final long latenessMillis;
    private final TimeOrderedPurge purge;

    DedupStore(KeyValueStore<Bytes, byte[]> store, long latenessMillis) {
        this.store = store;
        this.latenessMillis = latenessMillis;
        // Keys of the earlier layout start with a 4-byte entity length, so a zero byte: before the format's.
        this.purge = new TimeOrderedPurge(store, null, TimeOrderedKeys.FIRST);
    }

    /** Whether this is the first copy of the event seen (it is then remembered); false for a duplicate. */
    boolean firstSeen(DedupKey key) {
        byte[] entity = key.entityKey().getBytes(StandardCharsets.UTF_8);
        byte[] id = key.eventId().getBytes(StandardCharsets.UTF_8);
        Bytes encoded = Bytes.wrap(TimeOrderedKeys.startKey(key.eventTime(), 2 * Integer.BYTES + entity.length + id.length)
                .putInt(entity.length).put(entity).putInt(id.length).put(id).array());
        if (store.get(encoded) != null || purge.legacyKeys() && store.get(legacyKey(entity, id, key.eventTime())) != null) {
            return false;
        }
        store.put(encoded, SEEN);
        return true;
    }

    /** Forgets the keys that no accepted copy can follow at this arrival watermark; returns how many. */
    int forget(long arrivalWatermark) {
        // Forgettable once eventTime + lateness < watermark, i.e. eventTime < watermark - lateness. No key
        // below that can be added later: acceptance rejects an event arriving after its time plus lateness.
        long before = Math.max(arrivalWatermark, Long.MIN_VALUE + latenessMillis) - latenessMillis;
        // A legacy value is the arrival time after which the key may be forgotten.
        return purge.purge(before, entry -> ByteBuffer.wrap(entry.value).getLong() < arrivalWatermark);
    }

    private static Bytes legacyKey(byte[] entity, byte[] id, long eventTime) {
        return Bytes.wrap(ByteBuffer.allocate(Integer.BYTES * 2 + entity.length + id.length + Long.BYTES)
                .putInt(entity.length).put(entity).putInt(id.length).put(id).putLong(eventTime).array());
    }
}
