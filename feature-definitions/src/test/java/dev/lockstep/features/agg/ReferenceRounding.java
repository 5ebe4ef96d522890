package dev.lockstep.features.agg;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Independent test oracle: the double nearest to an exact rational p/q, ties to even, found by comparing
 * exact BigDecimal distances of a candidate and its neighbours (no bit tricks shared with the code under test).
 */
final class ReferenceRounding {
    private static final BigDecimal MAX = new BigDecimal(Double.MAX_VALUE);
    /** MAX_VALUE + half an ulp: from here on, round to nearest gives infinity. */
    private static final BigDecimal OVERFLOW = MAX.add(new BigDecimal(Math.ulp(Double.MAX_VALUE)).divide(BigDecimal.valueOf(2)));

    private ReferenceRounding() {
    }

    static double nearest(BigDecimal p, BigDecimal q) {
        if (p.signum() == 0) {
            return 0.0;
        }
        BigDecimal approx = p.divide(q, new MathContext(60));
        if (approx.abs().compareTo(OVERFLOW.subtract(BigDecimal.ONE)) >= 0 && p.abs().compareTo(OVERFLOW.multiply(q)) >= 0) {
            return p.signum() * q.signum() > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        double guess = approx.doubleValue();
        if (Double.isInfinite(guess)) {
            guess = Math.copySign(Double.MAX_VALUE, guess);
        }
        double best = guess;
        for (double candidate : new double[] {Math.nextDown(guess), Math.nextUp(guess)}) {
            if (Double.isInfinite(candidate)) {
                continue;
            }
            int cmp = distance(candidate, p, q).compareTo(distance(best, p, q));
            boolean even = (Double.doubleToRawLongBits(candidate) & 1) == 0;
            if (cmp < 0 || (cmp == 0 && even)) {
                best = candidate;
            }
        }
        return best == 0.0 ? Math.copySign(0.0, p.signum() * q.signum()) : best;
    }

    private static BigDecimal distance(double candidate, BigDecimal p, BigDecimal q) {
        return new BigDecimal(candidate).multiply(q).subtract(p).abs();
    }
}
