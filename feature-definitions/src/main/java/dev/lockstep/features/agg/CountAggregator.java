package dev.lockstep.features.agg;

import dev.lockstep.features.event.EventOrder;
import java.util.Optional;

/** COUNT: events, or non-null values of a column. IR: a one-element {@code long[]}. */
final class CountAggregator extends AbstractAggregator<long[]> {

    CountAggregator(String feature, Optional<ValueType> inputType) {
        super(feature, AggregationKind.COUNT, inputType);
    }

    @Override
    public long[] prepare() {
        return new long[1];
    }

    @Override
    public void update(long[] ir, Object value, EventOrder order) {
        check(value);
        ir[0] = add(ir[0], 1);
    }

    @Override
    public void merge(long[] into, long[] from) {
        into[0] = add(into[0], from[0]);
    }

    private long add(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new AggregationOverflowException(context() + ": count overflows a long: " + a + " + " + b);
        }
    }

    @Override
    public long[] copy(long[] ir) {
        return ir.clone();
    }

    @Override
    public Object finalizeValue(long[] ir) {
        return ir[0];
    }

    @Override
    public void encode(long[] ir, IrWriter out) {
        out.writeVarLong(ir[0]);
    }

    @Override
    public long[] decode(IrReader in) {
        long count = in.readVarLong();
        if (count < 0) {
            throw new IrCodecException("count " + Long.toUnsignedString(count) + " out of range");
        }
        return new long[] {count};
    }
}
