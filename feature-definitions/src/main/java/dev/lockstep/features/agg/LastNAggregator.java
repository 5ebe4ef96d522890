package dev.lockstep.features.agg;

import dev.lockstep.features.event.EventOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * LAST_N: the values of the n events with the greatest {@link EventOrder}, newest first (an empty list
 * when empty). The IR keeps each value with its order, so merging keeps exactly the n greatest of the
 * union. Entries are ordered by order, then value, so even equal orders stay deterministic.
 * Bytes: varint entry count, then each entry from oldest to newest as order and value.
 */
final class LastNAggregator extends AbstractAggregator<TreeSet<LastNAggregator.Entry>> {

    /** One kept value with its event's order. */
    record Entry(EventOrder order, Object value) {
    }

    private final int n;
    private final Comparator<Entry> entryOrder;

    LastNAggregator(String feature, ValueType type, int n) {
        super(feature, AggregationKind.LAST_N, Optional.of(type));
        if (n < 1) {
            throw new IllegalArgumentException("last_n needs n >= 1, got " + n);
        }
        this.n = n;
        this.entryOrder = Comparator.comparing(Entry::order).thenComparing(Entry::value, (a, b) -> Values.compare(type, a, b));
    }

    @Override
    public TreeSet<Entry> prepare() {
        return new TreeSet<>(entryOrder);
    }

    @Override
    public void update(TreeSet<Entry> ir, Object value, EventOrder order) {
        check(value);
        offer(ir, new Entry(Objects.requireNonNull(order, "order"), value));
    }

    @Override
    public void merge(TreeSet<Entry> into, TreeSet<Entry> from) {
        for (Entry entry : from) {
            offer(into, entry);
        }
    }

    private void offer(TreeSet<Entry> ir, Entry entry) {
        if (ir.size() == n && entryOrder.compare(entry, ir.first()) <= 0) {
            return; // older than everything kept: the common case for late events, no allocation
        }
        ir.add(entry);
        if (ir.size() > n) {
            ir.pollFirst();
        }
    }

    @Override
    public TreeSet<Entry> copy(TreeSet<Entry> ir) {
        TreeSet<Entry> copy = prepare();
        copy.addAll(ir); // entries are immutable
        return copy;
    }

    @Override
    public Object finalizeValue(TreeSet<Entry> ir) {
        List<Object> values = new ArrayList<>(ir.size());
        for (Iterator<Entry> it = ir.descendingIterator(); it.hasNext(); ) {
            values.add(it.next().value());
        }
        return List.copyOf(values);
    }

    @Override
    public void encode(TreeSet<Entry> ir, IrWriter out) {
        out.writeVarInt(ir.size());
        for (Entry entry : ir) {
            Values.writeOrder(entry.order(), out);
            Values.write(type(), entry.value(), out);
        }
    }

    @Override
    public TreeSet<Entry> decode(IrReader in) {
        int size = in.readVarInt(n, "last_n entry count");
        TreeSet<Entry> ir = prepare();
        Entry previous = null;
        for (int i = 0; i < size; i++) {
            Entry entry = new Entry(Values.readOrder(in), Values.read(type(), in));
            if (previous != null && entryOrder.compare(previous, entry) >= 0) {
                throw new IrCodecException("last_n entry " + i + " is not after entry " + (i - 1) + ": not canonical");
            }
            ir.add(entry);
            previous = entry;
        }
        return ir;
    }
}
