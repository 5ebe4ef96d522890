package dev.lockstep.store.internal;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;

/**
 * The reply of {@code HGETALL} on an entity hash, decoded into tiles as it arrives. Lettuce's own
 * {@code MapOutput} would copy every field name and value into a new array and a hash map first, only
 * for {@link TileHashDecoder} to parse and re-sort them: with ~100 fields per busy entity that copying
 * was most of the event loop's work per served read.
 *
 * <p>Lettuce calls {@link #set(ByteBuffer)} for each element of the reply, names and values alternating
 * (RESP2 array and RESP3 map alike); the buffer is only valid during the call, so the name is copied into
 * a reused array until its value comes.
 */
public final class TileHashOutput extends CommandOutput<byte[], byte[], TileHashDecoder> {

    private byte[] name = new byte[32];
    private int nameLength = -1;

    public TileHashOutput(TileHashDecoder decoder) {
        super(ByteArrayCodec.INSTANCE, decoder);
    }

    @Override
    public void set(ByteBuffer bytes) {
        ByteBuffer element = bytes == null ? ByteBuffer.allocate(0) : bytes;
        if (nameLength < 0) {
            nameLength = element.remaining();
            if (nameLength > name.length) {
                name = new byte[nameLength];
            }
            element.get(name, 0, nameLength);
        } else {
            output.accept(name, nameLength, element);
            nameLength = -1;
        }
    }
}
