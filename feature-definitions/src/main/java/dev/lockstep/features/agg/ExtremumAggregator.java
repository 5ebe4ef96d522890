package dev.lockstep.features.agg;

import dev.lockstep.features.event.EventOrder;
import java.util.Optional;

/**
 * MIN or MAX of a LONG, DOUBLE or STRING column, in the total order of {@link Values#compare}; null when
 * empty. IR: a one-element {@code Object[]} holding the extremum or null. Bytes: 0 when empty, else 1 and
 * the value.
 */
final class ExtremumAggregator extends AbstractAggregator<Object[]> {
    private final boolean max;

    ExtremumAggregator(String feature, AggregationKind kind, ValueType type) {
        super(feature, kind, Optional.of(type));
        if (kind != AggregationKind.MIN && kind != AggregationKind.MAX) {
            throw new IllegalArgumentException("not an extremum: " + kind);
        }
        this.max = kind == AggregationKind.MAX;
    }

    @Override
    public Object[] prepare() {
        return new Object[1];
    }

    @Override
    public void update(Object[] ir, Object value, EventOrder order) {
        check(value);
        offer(ir, value);
    }

    @Override
    public void merge(Object[] into, Object[] from) {
        if (from[0] != null) {
            offer(into, from[0]);
        }
    }

    /**
     * A read merges one encoded extremum per tile and keeps only the best: a double is compared before it
     * is boxed, so the tiles that lose allocate nothing. Validates like {@link #decode}.
     */
    @Override
    public void mergeEncoded(Object[] into, IrReader in) {
        int present = in.readByte();
        if (present > 1) {
            throw new IrCodecException("presence byte must be 0 or 1, got " + present);
        }
        if (present == 0) {
            return;
        }
        if (type() != ValueType.DOUBLE) {
            offer(into, Values.read(type(), in));
            return;
        }
        double value = Values.readFiniteDouble(in);
        if (into[0] == null || (max ? Double.compare(value, (Double) into[0]) > 0 : Double.compare(value, (Double) into[0]) < 0)) {
            into[0] = value;
        }
    }

    private void offer(Object[] ir, Object value) {
        if (ir[0] == null) {
            ir[0] = value;
            return;
        }
        int cmp = Values.compare(type(), value, ir[0]);
        if (max ? cmp > 0 : cmp < 0) {
            ir[0] = value;
        }
    }

    @Override
    public Object[] copy(Object[] ir) {
        return ir.clone();
    }

    @Override
    public Object finalizeValue(Object[] ir) {
        return ir[0];
    }

    @Override
    public void encode(Object[] ir, IrWriter out) {
        if (ir[0] == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1);
            Values.write(type(), ir[0], out);
        }
    }

    @Override
    public Object[] decode(IrReader in) {
        int present = in.readByte();
        if (present > 1) {
            throw new IrCodecException("presence byte must be 0 or 1, got " + present);
        }
        return new Object[] {present == 1 ? Values.read(type(), in) : null};
    }
}
