package dev.lockstep.features.agg;

import java.math.BigInteger;

/** Rounds an exact rational to the nearest double, ties to even: the single rounding of every finalize. */
final class DoubleRounding {
    /** Quotient bits kept before rounding: 53 significand bits, a round bit and at least one more. */
    private static final int QUOTIENT_BITS = 55;

    private DoubleRounding() {
    }

    /**
     * The double nearest to {@code numerator / denominator * 2^exponent}, ties to even; ±Infinity beyond
     * the double range, as IEEE 754 rounding does. An exact zero gives +0.0.
     */
    static double round(BigInteger numerator, BigInteger denominator, int exponent) {
        if (denominator.signum() <= 0) {
            throw new IllegalArgumentException("denominator must be positive, got " + denominator);
        }
        int sign = numerator.signum();
        if (sign == 0) {
            return 0.0;
        }
        BigInteger magnitude = numerator.abs();
        // Scale so that the integer quotient has 55 or 56 bits; the remainder only matters as sticky.
        int shift = magnitude.bitLength() - denominator.bitLength() - QUOTIENT_BITS;
        BigInteger[] qr = shift >= 0
                ? magnitude.divideAndRemainder(denominator.shiftLeft(shift))
                : magnitude.shiftLeft(-shift).divideAndRemainder(denominator);
        long quotient = qr[0].longValueExact();
        boolean sticky = qr[1].signum() != 0;
        long scale = (long) shift + exponent; // value = (quotient + fraction) * 2^scale
        int quotientBits = 64 - Long.numberOfLeadingZeros(quotient);
        long topExponent = scale + quotientBits - 1;
        long ulpExponent = Math.max(topExponent - 52, -1074); // subnormals have a fixed ulp
        if (ulpExponent > 1023) {
            return sign * Double.POSITIVE_INFINITY;
        }
        long drop = ulpExponent - scale; // at least 2: quotient has 2+ bits below the ulp
        if (drop > 62) {
            return sign * 0.0; // below half the smallest subnormal
        }
        long kept = quotient >>> drop;
        long rest = quotient & ((1L << drop) - 1);
        long half = 1L << (drop - 1);
        if (rest > half || (rest == half && (sticky || (kept & 1) == 1))) {
            kept++;
        }
        double result = Math.scalb((double) kept, (int) ulpExponent); // exact, or overflows to infinity
        return sign < 0 ? -result : result;
    }
}
