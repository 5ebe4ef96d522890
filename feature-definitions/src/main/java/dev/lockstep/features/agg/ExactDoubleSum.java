package dev.lockstep.features.agg;

import java.math.BigInteger;

/**
 * The exact sum of doubles (and longs): a superaccumulator whose bit 0 is worth 2^-1074, the smallest
 * subnormal, and which reaches past 2^1024 with over 100 bits of headroom. Adding is exact, so any order
 * and any grouping of the same values gives the same state, the same bytes and the same
 * {@link #doubleValue()}, which is rounded once, to nearest, ties to even.
 *
 * <p>An add costs a few shifts and three long additions, with no allocation. Not thread-safe.
 */
public final class ExactDoubleSum {
    /** Power of two of bit 0. */
    static final int MIN_EXPONENT = -1074;
    /** 69 limbs of 32 bits: bits up to 2^1024 (2098 bits from 2^-1074) plus over 100 bits of headroom. */
    private static final int LIMBS = 69;
    private static final long SIGNIFICAND_MASK = (1L << 52) - 1;

    private final LimbAccumulator acc;

    public ExactDoubleSum() {
        this(new LimbAccumulator(LIMBS));
    }

    private ExactDoubleSum(LimbAccumulator acc) {
        this.acc = acc;
    }

    /**
     * Adds a finite double exactly.
     *
     * @throws IllegalArgumentException for NaN or an infinity, which have no exact sum
     */
    public void add(double value) {
        long bits = Double.doubleToRawLongBits(value);
        int biased = (int) (bits >>> 52) & 0x7FF;
        if (biased == 0x7FF) {
            throw new IllegalArgumentException("cannot sum " + value + " exactly: only finite values are accepted");
        }
        long significand = bits & SIGNIFICAND_MASK;
        if (biased != 0) {
            significand |= 1L << 52;
        } else if (significand == 0) {
            return; // ±0.0 adds nothing
        } else {
            biased = 1; // subnormal: same scale as the smallest normal exponent
        }
        // value = significand * 2^(biased - 1075) = significand * 2^(MIN_EXPONENT + biased - 1)
        acc.add(significand, biased - 1, bits < 0);
    }

    /** Adds a long exactly (also {@code Long.MIN_VALUE}). */
    public void add(long value) {
        // -Long.MIN_VALUE overflows to itself, whose unsigned reading is 2^63: the right magnitude.
        acc.add(value < 0 ? -value : value, -MIN_EXPONENT, value < 0);
    }

    /** Adds another sum; it is left unchanged. */
    public void add(ExactDoubleSum other) {
        acc.addAll(other.acc);
    }

    public ExactDoubleSum copy() {
        return new ExactDoubleSum(acc.copy());
    }

    /** The exact sum rounded once to the nearest double, ties to even; +0.0 when it is exactly zero. */
    public double doubleValue() {
        ScaledInteger scaled = scaled();
        return DoubleRounding.round(scaled.significand(), BigInteger.ONE, MIN_EXPONENT + scaled.shift());
    }

    /** The exact sum times 2^1074, an integer. */
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

    /** Adds an encoded sum without materializing it (see {@link LimbAccumulator#addEncoded}). */
    void addEncoded(IrReader in) {
        acc.addEncoded(in, "exact sum");
    }

    static ExactDoubleSum read(IrReader in) {
        return new ExactDoubleSum(LimbAccumulator.read(in, LIMBS, "exact sum"));
    }
}
