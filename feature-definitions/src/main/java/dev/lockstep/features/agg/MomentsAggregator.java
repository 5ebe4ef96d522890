package dev.lockstep.features.agg;

import dev.lockstep.features.event.EventOrder;
import java.math.BigInteger;
import java.util.Optional;

/**
 * MEAN, VARIANCE (population) and STDDEV of a LONG or DOUBLE column: {@code Double}, null when empty.
 * With S1 the exact sum and S2 the exact sum of squares, mean = S1 / n and variance = (n S2 - S1^2) / n^2
 * are computed exactly on scaled integers and rounded once to the nearest double; stddev is the
 * (correctly rounded) square root of that variance.
 * Bytes: varint count, S1, then S2 unless MEAN.
 */
final class MomentsAggregator extends AbstractAggregator<Moments> {
    private final boolean squares;

    MomentsAggregator(String feature, AggregationKind kind, ValueType type) {
        super(feature, kind, Optional.of(type));
        if (kind != AggregationKind.MEAN && kind != AggregationKind.VARIANCE && kind != AggregationKind.STDDEV) {
            throw new IllegalArgumentException("not a moment: " + kind);
        }
        this.squares = kind != AggregationKind.MEAN;
    }

    @Override
    public Moments prepare() {
        return new Moments(0, new ExactDoubleSum(), squares ? new ExactSquareSum() : null);
    }

    @Override
    public void update(Moments ir, Object value, EventOrder order) {
        check(value);
        ir.count = addCount(ir.count, 1);
        if (value instanceof Long l) {
            ir.sum.add((long) l);
            if (squares) {
                ir.squares.addSquare((long) l);
            }
        } else {
            double d = (Double) value;
            ir.sum.add(d);
            if (squares) {
                ir.squares.addSquare(d);
            }
        }
    }

    @Override
    public void merge(Moments into, Moments from) {
        into.count = addCount(into.count, from.count);
        into.sum.add(from.sum);
        if (squares) {
            into.squares.add(from.squares);
        }
    }

    private long addCount(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new AggregationOverflowException(context() + ": count overflows a long: " + a + " + " + b);
        }
    }

    @Override
    public Moments copy(Moments ir) {
        return ir.copy();
    }

    @Override
    public Object finalizeValue(Moments ir) {
        if (ir.count == 0) {
            return null;
        }
        BigInteger n = BigInteger.valueOf(ir.count);
        // From the nonzero spans of the sums (significand * 2^shift): the same exact values, small integers.
        ScaledInteger s1 = ir.sum.scaled(); // S1 * 2^1074
        if (kind() == AggregationKind.MEAN) {
            return DoubleRounding.round(s1.significand(), n, ExactDoubleSum.MIN_EXPONENT + s1.shift());
        }
        // (n S2 - S1^2) * 2^2148: S2 is scaled by 2^2148 and S1^2 by (2^1074)^2, the same scale. Both terms
        // are brought to the smaller of their powers of two, which then scales the numerator.
        ScaledInteger s2 = ir.squares.scaled();
        int s1SquaredShift = 2 * s1.shift();
        int common = Math.min(s2.shift(), s1SquaredShift);
        BigInteger numerator = n.multiply(s2.significand()).shiftLeft(s2.shift() - common)
                .subtract(s1.significand().multiply(s1.significand()).shiftLeft(s1SquaredShift - common));
        if (numerator.signum() < 0) {
            throw new IllegalStateException(context() + ": negative exact variance numerator, the IR is inconsistent");
        }
        double variance = DoubleRounding.round(numerator, n.multiply(n), ExactSquareSum.MIN_EXPONENT + common);
        return kind() == AggregationKind.VARIANCE ? variance : Math.sqrt(variance);
    }

    @Override
    public void encode(Moments ir, IrWriter out) {
        out.writeVarLong(ir.count);
        ir.sum.write(out);
        if (squares) {
            ir.squares.write(out);
        }
    }

    @Override
    public void mergeEncoded(Moments into, IrReader in) {
        long count = in.readVarLong();
        if (count < 0) {
            throw new IrCodecException("count " + Long.toUnsignedString(count) + " out of range");
        }
        into.count = addCount(into.count, count);
        into.sum.addEncoded(in);
        if (squares) {
            into.squares.addEncoded(in);
        }
    }

    @Override
    public Moments decode(IrReader in) {
        long count = in.readVarLong();
        if (count < 0) {
            throw new IrCodecException("count " + Long.toUnsignedString(count) + " out of range");
        }
        Moments ir = new Moments(count, ExactDoubleSum.read(in), squares ? ExactSquareSum.read(in) : null);
        if (count == 0 && (ir.sum.scaled().significand().signum() != 0
                || (squares && ir.squares.scaled().significand().signum() != 0))) {
            throw new IrCodecException("empty moments with a nonzero sum");
        }
        return ir;
    }
}
