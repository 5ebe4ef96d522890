package dev.lockstep.store.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A command's arguments already encoded as RESP bulk strings ({@code $<length>\r\n<bytes>\r\n} each),
 * written by the thread that builds the call.
 *
 * <p>Why not Lettuce's own argument list: Lettuce encodes each argument on its event loop when the
 * command is flushed, writing every length header through {@code Long.toString} a byte at a time. A
 * backfill call carries four arguments per tile (hundreds per call), and that encoding was the largest
 * share of the backfill client's CPU (docs/benchmarks.md). Encoded here, the event loop copies one array.
 */
public final class RespArguments {

    private static final byte[] CRLF = {'\r', '\n'};

    private byte[] bytes;
    private int length;
    private int count;

    /** @param capacity expected encoded size in bytes; the buffer grows past it if needed */
    public RespArguments(int capacity) {
        this.bytes = new byte[Math.max(16, capacity)];
    }

    /** Arguments given as byte arrays. */
    public static RespArguments of(byte[]... values) {
        int capacity = 0;
        for (byte[] value : values) {
            capacity += value.length + 16;
        }
        RespArguments args = new RespArguments(capacity);
        for (byte[] value : values) {
            args.add(value);
        }
        return args;
    }

    /** Appends one argument: the bytes as they are. */
    public RespArguments add(byte[] value) {
        header(value.length);
        ensure(value.length + 2);
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
        crlf();
        return this;
    }

    /** Appends one argument: the decimal ASCII of {@code value}, as {@code Long.toString} writes it. */
    public RespArguments add(long value) {
        int digits = decimalLength(value);
        header(digits);
        ensure(digits + 2);
        writeDecimal(value, digits);
        crlf();
        return this;
    }

    /** Appends one argument: an ASCII string (field names; any other character is refused). */
    public RespArguments addAscii(String value) {
        int n = value.length();
        header(n);
        ensure(n + 2);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c > 0x7f) {
                throw new IllegalArgumentException("Invalid value '" + value + "' for an ASCII argument: character "
                        + i + " is U+" + Integer.toHexString(c));
            }
            bytes[length++] = (byte) c;
        }
        crlf();
        return this;
    }

    /** How many arguments were appended. */
    public int count() {
        return count;
    }

    /** The encoded bytes are {@code array()[0, length())}. */
    public int length() {
        return length;
    }

    /** The buffer; only {@code [0, length())} is written. Not copied: do not change it. */
    public byte[] array() {
        return bytes;
    }

    /** The arguments decoded back, for error messages and tests. */
    @Override
    public String toString() {
        return count + " arguments, " + length + " bytes: "
                + new String(bytes, 0, Math.min(length, 200), StandardCharsets.US_ASCII).replace("\r\n", " ")
                + (length > 200 ? "..." : "");
    }

    private void header(int argumentLength) {
        int digits = decimalLength(argumentLength);
        ensure(digits + 3);
        bytes[length++] = '$';
        writeDecimal(argumentLength, digits);
        crlf();
        count++;
    }

    private void crlf() {
        bytes[length++] = CRLF[0];
        bytes[length++] = CRLF[1];
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    /** Writes the {@code digits} characters of {@code value} (sign included) at the end. */
    private void writeDecimal(long value, int digits) {
        int end = length + digits;
        if (value == Long.MIN_VALUE) {
            byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, bytes, length, text.length);
        } else {
            long rest = Math.abs(value);
            int at = end;
            do {
                bytes[--at] = (byte) ('0' + rest % 10);
                rest /= 10;
            } while (rest != 0);
            if (value < 0) {
                bytes[--at] = '-';
            }
        }
        length = end;
    }

    /** The number of characters of {@code Long.toString(value)}. */
    static int decimalLength(long value) {
        if (value == Long.MIN_VALUE) {
            return 20;
        }
        int sign = value < 0 ? 1 : 0;
        long rest = Math.abs(value);
        int digits = 1;
        while (rest >= 10) {
            rest /= 10;
            digits++;
        }
        return sign + digits;
    }
}
