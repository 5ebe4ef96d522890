package dev.lockstep.features.agg;

import java.math.BigInteger;

/**
 * The exact sum of squares of doubles or longs. A square is added as the exact 106-bit (double) or
 * 126-bit (long) integer product of significands, not as {@code hi + lo} from an FMA split: that split
 * loses bits when {@code x * x} underflows and overflows to infinity above about 1.3e154, while the
 * integer product is exact over the whole double range. Bit 0 is worth 2^-2148, the square of the
 * smallest subnormal, and the range reaches past 2^2048 with over 100 bits of headroom.
 */
final class ExactSquareSum {
    /** Power of two of bit 0: twice {@link ExactDoubleSum#MIN_EXPONENT}. */
    static final int MIN_EXPONENT = 2 * ExactDoubleSum.MIN_EXPONENT;
    private static final int LIMBS = 135;
    private static final long SIGNIFICAND_MASK = (1L << 52) - 1;

    private final LimbAccumulator acc;

    ExactSquareSum() {
        this(new LimbAccumulator(LIMBS));
    }

    private ExactSquareSum(LimbAccumulator acc) {
        this.acc = acc;
    }

    /** Adds {@code value * value} exactly; the value must be finite. */
    void addSquare(double value) {
        long bits = Double.doubleToRawLongBits(value);
        int biased = (int) (bits >>> 52) & 0x7FF;
        if (biased == 0x7FF) {
            throw new IllegalArgumentException("cannot square " + value + " exactly: only finite values are accepted");
        }
        long significand = bits & SIGNIFICAND_MASK;
        if (biased != 0) {
            significand |= 1L << 52;
        } else if (significand == 0) {
            return;
        } else {
            biased = 1;
        }
        // value^2 = significand^2 * 2^(2 * (biased - 1075)) = significand^2 * 2^(MIN_EXPONENT + 2 * (biased - 1))
        int offset = 2 * (biased - 1);
        acc.add(significand * significand, offset, false);
        acc.add(Math.multiplyHigh(significand, significand), offset + 64, false);
    }

    /** Adds {@code value * value} exactly. */
    void addSquare(long value) {
        // The signed 128-bit product of v with itself is non-negative and below 2^127, even for Long.MIN_VALUE.
        acc.add(value * value, -MIN_EXPONENT, false);
        acc.add(Math.multiplyHigh(value, value), -MIN_EXPONENT + 64, false);
    }

    void add(ExactSquareSum other) {
        acc.addAll(other.acc);
    }

    ExactSquareSum copy() {
        return new ExactSquareSum(acc.copy());
    }

    /** The exact sum of squares times 2^2148, an integer. */
    BigInteger scaledValue() {
        return acc.toBigInteger();
    }

    /** {@link #scaledValue()} as a significand over its nonzero digits and a power of two. */
    ScaledInteger scaled() {
        return acc.toScaledInteger();
    }

    void write(IrWriter out) {
        acc.write(out);
    }

    /** Adds an encoded sum of squares without materializing it. */
    void addEncoded(IrReader in) {
        acc.addEncoded(in, "exact sum of squares");
    }

    static ExactSquareSum read(IrReader in) {
        return new ExactSquareSum(LimbAccumulator.read(in, LIMBS, "exact sum of squares"));
    }
}
