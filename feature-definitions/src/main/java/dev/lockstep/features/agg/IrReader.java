package dev.lockstep.features.agg;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link IrWriter} writes, from a slice of a byte array. Every malformed input (truncation,
 * an over-long or non-minimal varint, invalid UTF-8, a length past the end) throws
 * {@link IrCodecException} naming the position, never an unchecked index error.
 *
 * <p>Not thread-safe.
 */
public final class IrReader {
    private final byte[] buf;
    /** The end of what may be read: the slice's end, or narrower while {@link #narrow} is in effect. */
    private int limit;
    private int pos;

    public IrReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public IrReader(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IllegalArgumentException("slice [" + offset + ", +" + length + ") outside " + bytes.length + " bytes");
        }
        this.buf = bytes;
        this.pos = offset;
        this.limit = offset + length;
    }

    /** Bytes left to read. */
    public int remaining() {
        return limit - pos;
    }

    public int position() {
        return pos;
    }

    /** Throws unless every byte has been read: trailing bytes mean the writer and reader disagree. */
    public void expectEnd(String what) {
        if (pos != limit) {
            throw new IrCodecException(what + ": " + (limit - pos) + " unexpected trailing byte(s) at position " + pos);
        }
    }

    public int readByte() {
        need(1, "byte");
        return buf[pos++] & 0xFF;
    }

    /** An unsigned LEB128 varint of at most 10 bytes, minimally encoded. */
    public long readVarLong() {
        // Most varints of a tile (counts, lengths, small values) are one byte: always minimal, no loop.
        if (pos < limit && buf[pos] >= 0) {
            return buf[pos++];
        }
        int start = pos;
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1, "varint");
            int b = buf[pos++] & 0xFF;
            if (shift == 63 && b > 1) {
                throw new IrCodecException("varint at position " + start + " overflows 64 bits");
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && shift > 0) {
                    throw new IrCodecException("varint at position " + start + " is not minimally encoded");
                }
                return result;
            }
        }
        throw new IrCodecException("varint at position " + start + " is longer than 10 bytes");
    }

    /** A varint that must fit a non-negative int. */
    public int readVarInt() {
        int start = pos;
        long v = readVarLong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IrCodecException("varint at position " + start + " out of int range: " + Long.toUnsignedString(v));
        }
        return (int) v;
    }

    /** A varint that must be a count or length in {@code [0, max]}. */
    public int readVarInt(int max, String what) {
        int start = pos;
        int v = readVarInt();
        if (v > max) {
            throw new IrCodecException(what + " at position " + start + " is " + v + ", more than the maximum " + max);
        }
        return v;
    }

    public long readZigZagLong() {
        long v = readVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    public int readFixedInt() {
        need(4, "fixed int");
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long readFixedLong() {
        long hi = readFixedInt() & 0xFFFFFFFFL;
        return (hi << 32) | (readFixedInt() & 0xFFFFFFFFL);
    }

    public double readDouble() {
        return Double.longBitsToDouble(readFixedLong());
    }

    /** A length-prefixed string; rejects malformed UTF-8 rather than replacing it. */
    public String readString() {
        int start = pos;
        int length = readVarInt();
        need(length, "string");
        // The JDK's decoding is intrinsified and fast; it replaces malformed input with U+FFFD silently, so
        // only a string containing U+FFFD (rare: a real one, or malformed bytes) is decoded again strictly.
        String s = new String(buf, pos, length, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') >= 0) {
            s = decodeStrictUtf8(start, length);
        }
        pos += length;
        return s;
    }

    /** Strict decoding rejects malformed bytes, where new String(..., UTF_8) would replace them silently. */
    private String decodeStrictUtf8(int start, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, pos, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IrCodecException("string at position " + start + " is not valid UTF-8", e);
        }
    }

    /**
     * Reads a length-prefixed byte array in place: hands the reader's buffer, the offset and the length
     * to {@code view} instead of copying, for readers that only look at the bytes (an HLL sketch wrap).
     */
    public <T> T readBytesInPlace(BytesView<T> view) {
        int length = readVarInt();
        need(length, "byte array");
        T result = view.of(buf, pos, length);
        pos += length;
        return result;
    }

    /** A view of {@code length} bytes of {@code buffer} from {@code offset}; it must not modify them. */
    @FunctionalInterface
    public interface BytesView<T> {
        T of(byte[] buffer, int offset, int length);
    }

    /** Skips a length-prefixed string or byte array without decoding it. */
    public void skipLengthPrefixed() {
        int length = readVarInt();
        need(length, "length-prefixed bytes");
        pos += length;
    }

    /** A length-prefixed byte array. */
    public byte[] readBytes() {
        int length = readVarInt();
        need(length, "byte array");
        byte[] out = Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        return out;
    }

    /**
     * Limits this reader to its next {@code length} bytes, like {@link #slice} but without a new reader:
     * reads past them fail as truncated, and {@link #expectEnd} checks against their end. Returns the
     * outer limit, which {@link #widen} restores once the narrowed bytes have been read.
     */
    int narrow(int length) {
        need(length, "slice");
        int outer = limit;
        limit = pos + length;
        return outer;
    }

    /** Restores the limit {@link #narrow} returned. */
    void widen(int outerLimit) {
        limit = outerLimit;
    }

    /** Skips {@code length} bytes; {@code what} names them if they are not there. */
    void skip(int length, String what) {
        need(length, what);
        pos += length;
    }

    /** A reader over the next {@code length} bytes; this reader skips past them. */
    public IrReader slice(int length) {
        need(length, "slice");
        IrReader slice = new IrReader(buf, pos, length);
        pos += length;
        return slice;
    }

    private void need(int n, String what) {
        if (n > limit - pos) {
            throw new IrCodecException("truncated: " + what + " of " + n + " byte(s) at position " + pos
                    + " but only " + (limit - pos) + " left");
        }
    }
}
