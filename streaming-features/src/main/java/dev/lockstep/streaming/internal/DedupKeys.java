package dev.lockstep.streaming.internal;

import dev.lockstep.features.accept.DedupKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/** Encodes dedup keys for the dedup store (length-prefixed UTF-8 strings, then the event time) and its values. */
final class DedupKeys {

    private DedupKeys() {
    }

    static Bytes encode(DedupKey key) {
        byte[] entity = key.entityKey().getBytes(StandardCharsets.UTF_8);
        byte[] id = key.eventId().getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Integer.BYTES * 2 + entity.length + id.length + Long.BYTES)
                .putInt(entity.length).put(entity).putInt(id.length).put(id).putLong(key.eventTime()).array());
    }

    static byte[] encodeLong(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    static long decodeLong(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }
}
