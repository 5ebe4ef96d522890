package dev.lockstep.features.agg;

/** IR of MEAN, VARIANCE and STDDEV: count, exact sum and (except for MEAN) exact sum of squares. */
final class Moments {
    long count;
    final ExactDoubleSum sum;
    /** Null for MEAN, which needs no squares. */
    final ExactSquareSum squares;

    Moments(long count, ExactDoubleSum sum, ExactSquareSum squares) {
        this.count = count;
        this.sum = sum;
        this.squares = squares;
    }

    Moments copy() {
        return new Moments(count, sum.copy(), squares == null ? null : squares.copy());
    }
}
