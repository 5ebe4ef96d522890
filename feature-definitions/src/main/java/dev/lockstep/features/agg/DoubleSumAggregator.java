package dev.lockstep.features.agg;

import dev.lockstep.features.event.EventOrder;
import java.util.Optional;

/** SUM of a DOUBLE column: the exactly rounded {@code Double} of the exact sum, 0.0 when empty. */
final class DoubleSumAggregator extends AbstractAggregator<ExactDoubleSum> {

    DoubleSumAggregator(String feature) {
        super(feature, AggregationKind.SUM, Optional.of(ValueType.DOUBLE));
    }

    @Override
    public ExactDoubleSum prepare() {
        return new ExactDoubleSum();
    }

    @Override
    public void update(ExactDoubleSum ir, Object value, EventOrder order) {
        check(value);
        ir.add((double) (Double) value);
    }

    @Override
    public void merge(ExactDoubleSum into, ExactDoubleSum from) {
        into.add(from);
    }

    @Override
    public ExactDoubleSum copy(ExactDoubleSum ir) {
        return ir.copy();
    }

    @Override
    public Object finalizeValue(ExactDoubleSum ir) {
        return ir.doubleValue();
    }

    @Override
    public void encode(ExactDoubleSum ir, IrWriter out) {
        ir.write(out);
    }

    @Override
    public void mergeEncoded(ExactDoubleSum into, IrReader in) {
        into.addEncoded(in);
    }

    @Override
    public ExactDoubleSum decode(IrReader in) {
        return ExactDoubleSum.read(in);
    }
}
