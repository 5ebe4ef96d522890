package dev.lockstep.features.agg;

import java.math.BigInteger;

/**
 * Exact 128-bit two's-complement sum of longs, the IR of a long SUM. Summing in 128 bits makes the result
 * independent of order: {@code MAX + 1 - 1} must not overflow in one order and succeed in another.
 * Whether the total fits a long is decided once, at finalize.
 */
final class LongSum {
    long high;
    long low;

    LongSum() {
    }

    LongSum(long high, long low) {
        this.high = high;
        this.low = low;
    }

    void add(long value, String context) {
        add(value >> 63, value, context);
    }

    void add(LongSum other, String context) {
        add(other.high, other.low, context);
    }

    private void add(long otherHigh, long otherLow, String context) {
        long sum = low + otherLow;
        long carry = Long.compareUnsigned(sum, low) < 0 ? 1 : 0;
        try {
            high = Math.addExact(Math.addExact(high, otherHigh), carry);
        } catch (ArithmeticException e) {
            throw new AggregationOverflowException(context + ": sum overflows 128 bits: " + toBigInteger()
                    + " + " + toBigInteger(otherHigh, otherLow));
        }
        low = sum;
    }

    boolean fitsLong() {
        return high == (low >> 63);
    }

    BigInteger toBigInteger() {
        return toBigInteger(high, low);
    }

    private static BigInteger toBigInteger(long high, long low) {
        return BigInteger.valueOf(high).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
    }
}
