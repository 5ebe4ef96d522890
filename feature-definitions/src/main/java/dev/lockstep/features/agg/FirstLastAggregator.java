package dev.lockstep.features.agg;

import dev.lockstep.features.event.EventOrder;
import java.util.Objects;
import java.util.Optional;

/**
 * FIRST or LAST: the value of the event with the smallest or greatest {@link EventOrder}; null when empty.
 * Two records never share an order, but if equal orders arrive anyway the smaller value wins, so the
 * result still does not depend on arrival order. Bytes: 0 when empty, else 1, the order and the value.
 */
final class FirstLastAggregator extends AbstractAggregator<OrderedValue> {
    private final boolean last;

    FirstLastAggregator(String feature, AggregationKind kind, ValueType type) {
        super(feature, kind, Optional.of(type));
        if (kind != AggregationKind.FIRST && kind != AggregationKind.LAST) {
            throw new IllegalArgumentException("not first/last: " + kind);
        }
        this.last = kind == AggregationKind.LAST;
    }

    @Override
    public OrderedValue prepare() {
        return new OrderedValue(null, null);
    }

    @Override
    public void update(OrderedValue ir, Object value, EventOrder order) {
        check(value);
        offer(ir, Objects.requireNonNull(order, "order"), value);
    }

    @Override
    public void merge(OrderedValue into, OrderedValue from) {
        if (from.order != null) {
            offer(into, from.order, from.value);
        }
    }

    /**
     * Reads the order first and skips the value when it cannot win: a window read visits tiles newest
     * first, so a LAST keeps its first value and never decodes the others.
     */
    @Override
    public void mergeEncoded(OrderedValue into, IrReader in) {
        int present = in.readByte();
        if (present > 1) {
            throw new IrCodecException("presence byte must be 0 or 1, got " + present);
        }
        if (present == 0) {
            return;
        }
        // The order's fields are compared before an EventOrder is built: tiles that lose allocate nothing.
        long eventTime = in.readZigZagLong();
        long arrival = in.readZigZagLong();
        int partition = Values.readPartition(in);
        long offset = in.readZigZagLong();
        if (into.order != null) {
            int cmp = EventOrder.compare(eventTime, arrival, partition, offset, into.order);
            if (cmp != 0 && (last ? cmp < 0 : cmp > 0)) {
                Values.skip(type(), in);
                return;
            }
        }
        offer(into, new EventOrder(eventTime, arrival, partition, offset), Values.read(type(), in));
    }

    private void offer(OrderedValue ir, EventOrder order, Object value) {
        if (ir.order == null) {
            ir.order = order;
            ir.value = value;
            return;
        }
        int cmp = order.compareTo(ir.order);
        boolean wins = cmp == 0 ? Values.compare(type(), value, ir.value) < 0 : (last ? cmp > 0 : cmp < 0);
        if (wins) {
            ir.order = order;
            ir.value = value;
        }
    }

    @Override
    public OrderedValue copy(OrderedValue ir) {
        return new OrderedValue(ir.order, ir.value);
    }

    @Override
    public Object finalizeValue(OrderedValue ir) {
        return ir.value;
    }

    @Override
    public void encode(OrderedValue ir, IrWriter out) {
        if (ir.order == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(1);
        Values.writeOrder(ir.order, out);
        Values.write(type(), ir.value, out);
    }

    @Override
    public OrderedValue decode(IrReader in) {
        int present = in.readByte();
        if (present > 1) {
            throw new IrCodecException("presence byte must be 0 or 1, got " + present);
        }
        if (present == 0) {
            return prepare();
        }
        EventOrder order = Values.readOrder(in);
        return new OrderedValue(order, Values.read(type(), in));
    }
}
