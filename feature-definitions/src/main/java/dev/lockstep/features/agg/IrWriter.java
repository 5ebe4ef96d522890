package dev.lockstep.features.agg;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small growable byte writer for IR and tile bytes: unsigned and zigzag varints (LEB128), big-endian
 * fixed-width ints and longs, raw double bits and length-prefixed UTF-8 strings.
 *
 * <p>Hand-written rather than a serialization library because it sits on the hot path of every tile
 * write and the format must stay byte-for-byte stable forever; a framework would add allocation,
 * reflection and a format we do not control.
 *
 * <p>Not thread-safe.
 */
public final class IrWriter {
    private byte[] buf;
    private int size;

    public IrWriter() {
        this(64);
    }

    public IrWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Number of bytes written so far. */
    public int size() {
        return size;
    }

    /** Forgets the bytes written, keeping the buffer. */
    public void reset() {
        size = 0;
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    public void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    /** Unsigned LEB128 of all 64 bits: 1 to 10 bytes, minimal. */
    public void writeVarLong(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** A non-negative int as an unsigned varint. */
    public void writeVarInt(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint must be non-negative, got " + value);
        }
        writeVarLong(value);
    }

    /** A signed long zigzag-encoded, so small magnitudes of either sign take few bytes. */
    public void writeZigZagLong(long value) {
        writeVarLong((value << 1) ^ (value >> 63));
    }

    public void writeFixedInt(int value) {
        ensure(4);
        buf[size++] = (byte) (value >>> 24);
        buf[size++] = (byte) (value >>> 16);
        buf[size++] = (byte) (value >>> 8);
        buf[size++] = (byte) value;
    }

    public void writeFixedLong(long value) {
        writeFixedInt((int) (value >>> 32));
        writeFixedInt((int) value);
    }

    /** The raw IEEE 754 bits, so -0.0 and 0.0 stay distinct. */
    public void writeDouble(double value) {
        writeFixedLong(Double.doubleToRawLongBits(value));
    }

    /** Varint byte length, then the UTF-8 bytes. */
    public void writeString(String value) {
        writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Varint length, then the bytes. */
    public void writeBytes(byte[] bytes) {
        writeVarInt(bytes.length);
        writeRaw(bytes, 0, bytes.length);
    }

    /** The bytes as they are, without a length. */
    public void writeRaw(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, size, length);
        size += length;
    }

    /** Appends what another writer holds, without a length. */
    public void writeRaw(IrWriter other) {
        writeRaw(other.buf, 0, other.size);
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }
}
