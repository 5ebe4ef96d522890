package dev.lockstep.streaming.internal;

import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of a task's state stores that sort by a time: a format byte, then the time (8 bytes big-endian with
 * the sign bit flipped, so that the stores' unsigned byte order is time order), then the entry's identity.
 * Dropping what a watermark has passed then reads only the expired range, not the whole store: with a
 * full scan, a store of millions of live entries stalled the stream thread for seconds at every purge.
 *
 * <p>Keys written before this format have no format byte; {@link DedupStore} and {@link TileStore} tell them
 * apart by their first byte, and {@link TimeOrderedPurge} deletes them once expired.
 */
final class TimeOrderedKeys {

    /** The first byte of every key in this format. */
    static final byte FORMAT = 1;

    /** Where the identity starts. */
    static final int IDENTITY_OFFSET = 1 + Long.BYTES;

    /** The smallest key of this format: a range from here starts at the earliest time. */
    static final Bytes FIRST = Bytes.wrap(new byte[] {FORMAT});

    private TimeOrderedKeys() {
    }

    /** A buffer holding the format byte and {@code time}, with room for {@code identityLength} more bytes. */
    static ByteBuffer startKey(long time, int identityLength) {
        return ByteBuffer.allocate(IDENTITY_OFFSET + identityLength).put(FORMAT).putLong(time ^ Long.MIN_VALUE);
    }

    /**
     * As the inclusive upper end of a range from {@link #FIRST}: every key of a time before {@code time}, and
     * none of a later or equal time (those are longer than this bound and share its bytes, so sort after it).
     */
    static Bytes before(long time) {
        return Bytes.wrap(startKey(time, 0).array());
    }

    /** The time a key of this format sorts by. */
    static long time(byte[] key) {
        return ByteBuffer.wrap(key, 1, Long.BYTES).getLong() ^ Long.MIN_VALUE;
    }
}
