package dev.lockstep.wire.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary decoder over a byte array that refuses lengths and counts the remaining bytes
 * cannot hold, before allocating anything.
 *
 * <p>Why hand-written: Avro's {@link BinaryDecoder} trusts the length prefix of a string or bytes
 * value and the item count of an array block, and allocates that much before it reads. Five bytes of
 * garbage saying "a string of 1.9 GB" end in {@link OutOfMemoryError} (checked against Avro 1.12.0),
 * which would take down a stream thread on one bad record. Here a string or bytes value longer than
 * what is left, or an array or map block with more items than bytes left, is an {@link EOFException}.
 * The one legal encoding this refuses is an array block of more zero-byte items (nulls, empty
 * records) than bytes left in the record.
 */
public final class BoundedDecoder extends Decoder {

    private final BinaryDecoder in;

    /** Bounds {@code in}, which must read from a byte array (see {@link #remaining()}). */
    public BoundedDecoder(BinaryDecoder in) {
        this.in = in;
    }

    /** Bytes not yet read. */
    public int remaining() throws IOException {
        // For an array-backed BinaryDecoder this is the unread part of the array: no copy, no I/O.
        return in.inputStream().available();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = checkedLength("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        in.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = checkedLength("bytes");
        ByteBuffer result = old != null && length <= old.capacity() ? old.clear() : ByteBuffer.allocate(length);
        in.readFixed(result.array(), result.arrayOffset(), length);
        result.limit(length);
        return result;
    }

    @Override
    public long readArrayStart() throws IOException {
        return checkedCount("array", in.readArrayStart());
    }

    @Override
    public long arrayNext() throws IOException {
        return checkedCount("array", in.arrayNext());
    }

    @Override
    public long readMapStart() throws IOException {
        return checkedCount("map", in.readMapStart());
    }

    @Override
    public long mapNext() throws IOException {
        return checkedCount("map", in.mapNext());
    }

    private int checkedLength(String type) throws IOException {
        long length = in.readLong();
        int remaining = remaining();
        if (length < 0 || length > remaining) {
            throw new EOFException(type + " value of length " + length + " but only " + remaining + " bytes left");
        }
        return (int) length;
    }

    private long checkedCount(String type, long count) throws IOException {
        int remaining = remaining();
        if (count > remaining) {
            throw new EOFException(type + " block of " + count + " items but only " + remaining + " bytes left");
        }
        return count;
    }

    // Everything below has a bounded size and is delegated as is.

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public void skipString() throws IOException {
        in.skipString();
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long skipArray() throws IOException {
        // A writer-only array is skipped item by item; an absurd count would loop for ages.
        return checkedCount("array", in.skipArray());
    }

    @Override
    public long skipMap() throws IOException {
        return checkedCount("map", in.skipMap());
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
