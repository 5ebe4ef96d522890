package dev.lockstep.streaming.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Deletes the expired keys of a store of {@link TimeOrderedKeys}: a range scan that starts where the last
 * purge ended, since RocksDB keeps deleted keys as tombstones until a compaction and a scan from the first
 * key would step over all of them again (measured: the purge's time grew by half with each minute's
 * deletes). Keys of the earlier layout, which sort outside the format's range, are checked one by one
 * until none is left.
 */
final class TimeOrderedPurge {

    private final KeyValueStore<Bytes, byte[]> store;
    private final Bytes legacyFrom;
    private final Bytes legacyTo;
    private boolean legacyKeys;
    /** Every key of an earlier time has been deleted (since this task started). */
    private long purgedBefore = Long.MIN_VALUE;

    /** {@code legacyFrom} and {@code legacyTo} bound the earlier layout's keys (inclusive; null for open). */
    TimeOrderedPurge(KeyValueStore<Bytes, byte[]> store, Bytes legacyFrom, Bytes legacyTo) {
        this.store = store;
        this.legacyFrom = legacyFrom;
        this.legacyTo = legacyTo;
        try (KeyValueIterator<Bytes, byte[]> legacy = store.range(legacyFrom, legacyTo)) {
            this.legacyKeys = legacy.hasNext();
        }
    }

    /** Whether keys of the earlier layout may be left: lookups must try those too. */
    boolean legacyKeys() {
        return legacyKeys;
    }

    /**
     * Deletes every key of a time before {@code before} and every key of the earlier layout that
     * {@code legacyExpired} accepts; returns how many. The caller guarantees that no key of a time before
     * {@code before} is written later.
     */
    int purge(long before, Predicate<KeyValue<Bytes, byte[]>> legacyExpired) {
        List<KeyValue<Bytes, byte[]>> deletes = new ArrayList<>();
        if (purgedBefore < before) {
            Bytes from = purgedBefore == Long.MIN_VALUE ? TimeOrderedKeys.FIRST : TimeOrderedKeys.before(purgedBefore);
            try (KeyValueIterator<Bytes, byte[]> expired = store.range(from, TimeOrderedKeys.before(before))) {
                expired.forEachRemaining(entry -> deletes.add(KeyValue.pair(entry.key, null)));
            }
            purgedBefore = before;
        }
        if (legacyKeys) {
            boolean left = false;
            try (KeyValueIterator<Bytes, byte[]> legacy = store.range(legacyFrom, legacyTo)) {
                while (legacy.hasNext()) {
                    KeyValue<Bytes, byte[]> entry = legacy.next();
                    if (legacyExpired.test(entry)) {
                        deletes.add(KeyValue.pair(entry.key, null));
                    } else {
                        left = true;
                    }
                }
            }
            legacyKeys = left;
        }
        // Null values delete, in one RocksDB write batch; delete() reads every key back first for its result.
        store.putAll(deletes);
        return deletes.size();
    }
}
