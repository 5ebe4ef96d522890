package dev.lockstep.features.agg;

import dev.lockstep.features.event.EventOrder;
import java.util.Optional;

/**
 * SUM of a LONG column: {@code Long}, 0 when empty. Throws {@link AggregationOverflowException} at finalize
 * when the exact total does not fit a long. IR bytes: a byte 0 then the zigzag varint total when it fits
 * a long, else a byte 1 then the high and low fixed longs.
 */
final class LongSumAggregator extends AbstractAggregator<LongSum> {

    LongSumAggregator(String feature) {
        super(feature, AggregationKind.SUM, Optional.of(ValueType.LONG));
    }

    @Override
    public LongSum prepare() {
        return new LongSum();
    }

    @Override
    public void update(LongSum ir, Object value, EventOrder order) {
        check(value);
        ir.add((Long) value, context());
    }

    @Override
    public void merge(LongSum into, LongSum from) {
        into.add(from, context());
    }

    @Override
    public LongSum copy(LongSum ir) {
        return new LongSum(ir.high, ir.low);
    }

    @Override
    public Object finalizeValue(LongSum ir) {
        if (!ir.fitsLong()) {
            throw new AggregationOverflowException(context() + ": sum " + ir.toBigInteger() + " does not fit a long");
        }
        return ir.low;
    }

    @Override
    public void encode(LongSum ir, IrWriter out) {
        if (ir.fitsLong()) {
            out.writeByte(0);
            out.writeZigZagLong(ir.low);
        } else {
            out.writeByte(1);
            out.writeFixedLong(ir.high);
            out.writeFixedLong(ir.low);
        }
    }

    @Override
    public LongSum decode(IrReader in) {
        int form = in.readByte();
        if (form == 0) {
            long value = in.readZigZagLong();
            return new LongSum(value >> 63, value);
        }
        if (form != 1) {
            throw new IrCodecException("long sum form byte must be 0 or 1, got " + form);
        }
        LongSum sum = new LongSum(in.readFixedLong(), in.readFixedLong());
        if (sum.fitsLong()) {
            throw new IrCodecException("long sum " + sum.toBigInteger() + " in the wide form fits a long: not canonical");
        }
        return sum;
    }
}
