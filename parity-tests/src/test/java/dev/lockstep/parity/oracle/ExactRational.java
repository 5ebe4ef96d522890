package dev.lockstep.parity.oracle;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Rounds an exact rational to the nearest double, ties to even, the oracle's own way: a 40-digit decimal
 * approximation lands within one ulp of the answer, then the candidates around it are compared exactly
 * against the rational. Slow and obviously right, which is what an oracle is for.
 */
final class ExactRational {

    private static final MathContext APPROXIMATION = new MathContext(40);

    private ExactRational() {
    }

    /** The double nearest {@code numerator / denominator}; +0.0 for an exact zero. */
    static double toDouble(BigDecimal numerator, BigDecimal denominator) {
        if (denominator.signum() <= 0) {
            throw new IllegalArgumentException("denominator must be positive: " + denominator);
        }
        if (numerator.signum() == 0) {
            return 0.0;
        }
        double approx = numerator.divide(denominator, APPROXIMATION).doubleValue();
        double best = Double.NaN;
        BigDecimal bestError = null;
        for (double candidate : new double[] {Math.nextDown(approx), approx, Math.nextUp(approx)}) {
            if (Double.isInfinite(candidate)) {
                continue;
            }
            // |numerator - candidate * denominator| is the error scaled by the (positive) denominator.
            BigDecimal error = numerator.subtract(new BigDecimal(candidate).multiply(denominator)).abs();
            int cmp = bestError == null ? -1 : error.compareTo(bestError);
            if (cmp < 0 || (cmp == 0 && (Double.doubleToRawLongBits(candidate) & 1) == 0)) {
                best = candidate;
                bestError = error;
            }
        }
        if (Double.isNaN(best)) {
            throw new ArithmeticException(numerator + " / " + denominator + " is beyond the double range");
        }
        return best == 0.0 ? Math.copySign(0.0, numerator.signum()) : best;
    }
}
