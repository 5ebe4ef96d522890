package dev.lockstep.features.agg;

import dev.lockstep.features.event.EventOrder;

/** Per-type checks, total order and codec of the column values IRs keep (min/max, first/last, last_n). */
final class Values {
    private Values() {
    }

    /** Checks that a value is non-null, of the Java class of the type, and finite if a double. */
    static void check(ValueType type, Object value, String context) {
        if (value == null) {
            throw new IllegalArgumentException(context + ": null value; callers must skip nulls");
        }
        Class<?> expected = javaClass(type);
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException(context + ": expected a " + expected.getSimpleName() + " for input type "
                    + type + " but got " + value.getClass().getSimpleName() + " " + value);
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw new IllegalArgumentException(context + ": " + d + " is not a finite double");
        }
    }

    static Class<?> javaClass(ValueType type) {
        return switch (type) {
            case LONG -> Long.class;
            case DOUBLE -> Double.class;
            case STRING -> String.class;
            case BOOLEAN -> Boolean.class;
        };
    }

    /** A total order per type; doubles by {@link Double#compare}, so -0.0 sorts before 0.0. */
    static int compare(ValueType type, Object a, Object b) {
        return switch (type) {
            case LONG -> Long.compare((Long) a, (Long) b);
            case DOUBLE -> Double.compare((Double) a, (Double) b);
            case STRING -> ((String) a).compareTo((String) b);
            case BOOLEAN -> Boolean.compare((Boolean) a, (Boolean) b);
        };
    }

    /** LONG zigzag varint, DOUBLE raw 8 bytes, STRING length-prefixed UTF-8, BOOLEAN one byte 0 or 1. */
    static void write(ValueType type, Object value, IrWriter out) {
        switch (type) {
            case LONG -> out.writeZigZagLong((Long) value);
            case DOUBLE -> out.writeDouble((Double) value);
            case STRING -> out.writeString((String) value);
            case BOOLEAN -> out.writeByte((Boolean) value ? 1 : 0);
        }
    }

    static Object read(ValueType type, IrReader in) {
        return switch (type) {
            case LONG -> in.readZigZagLong();
            case DOUBLE -> readFiniteDouble(in);
            case STRING -> in.readString();
            case BOOLEAN -> {
                int b = in.readByte();
                if (b > 1) {
                    throw new IrCodecException("boolean byte must be 0 or 1, got " + b);
                }
                yield b == 1;
            }
        };
    }

    /** A DOUBLE value, unboxed: IRs only ever hold finite doubles. */
    static double readFiniteDouble(IrReader in) {
        double d = in.readDouble();
        if (!Double.isFinite(d)) {
            throw new IrCodecException("double value " + d + " is not finite");
        }
        return d;
    }

    /** The four order fields as zigzag varints. */
    static void writeOrder(EventOrder order, IrWriter out) {
        out.writeZigZagLong(order.eventTime());
        out.writeZigZagLong(order.arrival());
        out.writeZigZagLong(order.partition());
        out.writeZigZagLong(order.offset());
    }

    /** Skips a value the reader does not need (a first/last that cannot win); strings are not decoded. */
    static void skip(ValueType type, IrReader in) {
        switch (type) {
            case STRING -> in.skipLengthPrefixed();
            case DOUBLE -> readFiniteDouble(in); // validates, without boxing
            default -> read(type, in); // a varint or a byte: reading is as cheap as skipping, and validates
        }
    }

    static EventOrder readOrder(IrReader in) {
        long eventTime = in.readZigZagLong();
        long arrival = in.readZigZagLong();
        int partition = readPartition(in);
        return new EventOrder(eventTime, arrival, partition, in.readZigZagLong());
    }

    /** The partition field of an order (the third), checked to fit an int. */
    static int readPartition(IrReader in) {
        long partition = in.readZigZagLong();
        if (partition != (int) partition) {
            throw new IrCodecException("partition " + partition + " out of int range");
        }
        return (int) partition;
    }
}
