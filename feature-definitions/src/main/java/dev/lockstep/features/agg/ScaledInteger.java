package dev.lockstep.features.agg;

import java.math.BigInteger;

/**
 * An exact integer as {@code significand * 2^shift}. An exact sum spans a few dozen bits of a 2,200-bit
 * accumulator; finalizing from the span keeps the big-integer arithmetic of a read to those bits.
 */
record ScaledInteger(BigInteger significand, int shift) {

    static final ScaledInteger ZERO = new ScaledInteger(BigInteger.ZERO, 0);

    BigInteger value() {
        return significand.shiftLeft(shift);
    }
}
