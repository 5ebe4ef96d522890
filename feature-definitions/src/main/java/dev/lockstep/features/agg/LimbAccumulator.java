package dev.lockstep.features.agg;

import java.math.BigInteger;

/**
 * An exact signed fixed-point integer {@code sum(limbs[i] * 2^(32 i))} in carry-save form: each limb is a
 * long holding a 32-bit digit plus up to 2^31 pending carries, so an add touches three limbs and never
 * allocates or propagates. Carries are propagated ({@link #normalize}) before the headroom of a limb could
 * overflow. The integer is the scaled value of an exact sum; the caller fixes what bit 0 is worth.
 */
final class LimbAccumulator {
    private static final long DIGIT_MASK = 0xFFFFFFFFL;
    /** Adds allowed between normalizations: each adds < 2^32 per limb, so limbs stay below 2^62. */
    private static final int MAX_PENDING = 1 << 29;

    private final long[] limbs;
    private int pending;

    LimbAccumulator(int limbCount) {
        this.limbs = new long[limbCount];
    }

    private LimbAccumulator(long[] limbs, int pending) {
        this.limbs = limbs;
        this.pending = pending;
    }

    int limbCount() {
        return limbs.length;
    }

    /**
     * Adds {@code ±magnitude * 2^bitOffset}, the magnitude read as an unsigned 64-bit integer.
     * Three limbs from {@code bitOffset / 32} must exist.
     */
    void add(long magnitude, int bitOffset, boolean negative) {
        int index = bitOffset >>> 5;
        int shift = bitOffset & 31;
        long low = magnitude << shift;
        // (m >>> 1) >>> (63 - shift) is m >>> (64 - shift), and 0 when shift is 0 (a plain >>> 64 would not be).
        long high = (magnitude >>> 1) >>> (63 - shift);
        long sign = negative ? -1L : 0L;
        // (d ^ sign) - sign negates d when sign is -1: no branch per limb.
        limbs[index] += ((low & DIGIT_MASK) ^ sign) - sign;
        limbs[index + 1] += ((low >>> 32) ^ sign) - sign;
        limbs[index + 2] += (high ^ sign) - sign;
        if (++pending >= MAX_PENDING) {
            normalize();
        }
    }

    /** Adds another accumulator of the same size; it is left unchanged. */
    void addAll(LimbAccumulator other) {
        if (other.limbs.length != limbs.length) {
            throw new IllegalArgumentException("accumulators of " + limbs.length + " and " + other.limbs.length + " limbs");
        }
        for (int i = 0; i < limbs.length; i++) {
            limbs[i] += other.limbs[i];
        }
        // Both sides are below MAX_PENDING, so every limb stays below 2^63 before this normalization.
        pending += other.pending + 1;
        if (pending >= MAX_PENDING) {
            normalize();
        }
    }

    LimbAccumulator copy() {
        return new LimbAccumulator(limbs.clone(), pending);
    }

    /** Propagates carries: every limb but the top one ends in [0, 2^32); the top one carries the sign. */
    void normalize() {
        propagate(limbs);
        pending = 0;
        long top = limbs[limbs.length - 1];
        if (top >= (1L << 31) || top < -(1L << 31)) {
            throw new AggregationOverflowException("exact sum exceeds its " + (limbs.length * 32 - 33) + "-bit headroom");
        }
    }

    private static void propagate(long[] digits) {
        for (int i = 0; i < digits.length - 1; i++) {
            long carry = digits[i] >> 32;
            digits[i] -= carry << 32;
            digits[i + 1] += carry;
        }
    }

    /** The exact integer; does not change the accumulator. */
    BigInteger toBigInteger() {
        return toScaledInteger().value();
    }

    /**
     * The exact integer as a significand over its nonzero digits only, times {@code 2^(32 * lowest
     * nonzero digit)}; does not change the accumulator.
     */
    ScaledInteger toScaledInteger() {
        long[] magnitude = limbs.clone();
        propagate(magnitude);
        boolean negative = magnitude[magnitude.length - 1] < 0;
        if (negative) {
            negateInPlace(magnitude);
        }
        int low = 0;
        while (low < magnitude.length && magnitude[low] == 0) {
            low++;
        }
        if (low == magnitude.length) {
            return ScaledInteger.ZERO;
        }
        int high = magnitude.length - 1;
        while (magnitude[high] == 0) {
            high--;
        }
        byte[] bytes = new byte[(high - low + 1) * 4];
        for (int i = low; i <= high; i++) {
            int at = bytes.length - 4 * (i - low + 1);
            long d = magnitude[i];
            bytes[at] = (byte) (d >>> 24);
            bytes[at + 1] = (byte) (d >>> 16);
            bytes[at + 2] = (byte) (d >>> 8);
            bytes[at + 3] = (byte) d;
        }
        return new ScaledInteger(new BigInteger(negative ? -1 : 1, bytes), 32 * low);
    }

    private static void negateInPlace(long[] digits) {
        for (int i = 0; i < digits.length; i++) {
            digits[i] = -digits[i];
        }
        propagate(digits);
    }

    /**
     * Canonical bytes: varint count of digits in the nonzero span (0 for zero, then nothing); otherwise a
     * sign byte (0 positive, 1 negative), varint index of the lowest nonzero digit, and the magnitude's
     * digits from low to high as 4-byte big-endian ints. Equal values give equal bytes whatever the
     * carry-save state.
     */
    void write(IrWriter out) {
        long[] magnitude = limbs.clone();
        propagate(magnitude);
        boolean negative = magnitude[magnitude.length - 1] < 0;
        if (negative) {
            negateInPlace(magnitude);
        }
        int low = 0;
        while (low < magnitude.length && magnitude[low] == 0) {
            low++;
        }
        if (low == magnitude.length) {
            out.writeVarInt(0);
            return;
        }
        int high = magnitude.length - 1;
        while (magnitude[high] == 0) {
            high--;
        }
        out.writeVarInt(high - low + 1);
        out.writeByte(negative ? 1 : 0);
        out.writeVarInt(low);
        for (int i = low; i <= high; i++) {
            out.writeFixedInt((int) magnitude[i]);
        }
    }

    static LimbAccumulator read(IrReader in, int limbCount, String what) {
        LimbAccumulator acc = new LimbAccumulator(limbCount);
        acc.addEncoded(in, what);
        acc.normalize();
        return acc;
    }

    /**
     * Adds an accumulator in its encoded form (as {@link #write} wrote it) without materializing it: a
     * window read merges dozens of encoded sums, and a full-size accumulator per tile would be allocated,
     * zeroed and dropped each time. Validates exactly what {@link #read} validates.
     */
    void addEncoded(IrReader in, String what) {
        int limbCount = limbs.length;
        // Labels are concatenated only on failure: this runs for every tile a read merges.
        int count = in.readVarInt();
        if (count > limbCount) {
            throw new IrCodecException(what + " digit count is " + count + ", more than the maximum " + limbCount);
        }
        if (count == 0) {
            return;
        }
        int sign = in.readByte();
        if (sign > 1) {
            throw new IrCodecException(what + ": sign byte must be 0 or 1, got " + sign);
        }
        int low = in.readVarInt();
        if (low > limbCount - count) {
            throw new IrCodecException(what + " lowest digit index is " + low + ", more than the maximum "
                    + (limbCount - count));
        }
        long negate = sign == 1 ? -1L : 0L;
        for (int i = 0; i < count; i++) {
            long digit = in.readFixedInt() & DIGIT_MASK;
            if (digit == 0 && (i == 0 || i == count - 1)) {
                throw new IrCodecException(what + ": digit span has a zero at its edge, so it is not canonical");
            }
            if (low + i == limbCount - 1 && digit >= (1L << 31)) {
                throw new IrCodecException(what + ": top digit " + digit + " exceeds the headroom");
            }
            limbs[low + i] += (digit ^ negate) - negate;
        }
        // Each limb got at most one digit below 2^32: one pending add.
        if (++pending >= MAX_PENDING) {
            normalize();
        }
    }
}
