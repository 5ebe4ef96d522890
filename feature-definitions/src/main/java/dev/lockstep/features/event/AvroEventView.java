package dev.lockstep.features.event;

import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** An {@link EventView} over an Avro record, normalizing Avro's value classes to the engine's. */
public final class AvroEventView implements EventView {

    private final GenericRecord record;

    public AvroEventView(GenericRecord record) {
        this.record = Objects.requireNonNull(record, "record");
    }

    @Override
    public Object get(String field) {
        Schema.Field schemaField = record.getSchema().getField(field);
        if (schemaField == null) {
            return null;
        }
        return normalize(record.get(schemaField.pos()));
    }

    /** By position, resolved once per schema: no name lookup per event (the hot path of acceptance). */
    @Override
    public Object get(EventFields fields, int index) {
        int position = fields.positionsIn(record.getSchema(), AvroEventView::position)[index];
        return position < 0 ? null : normalize(record.get(position));
    }

    private static int position(Schema schema, String name) {
        Schema.Field field = schema.getField(name);
        return field == null ? -1 : field.pos();
    }

    /** Maps Avro runtime values (Integer, Float, Utf8, EnumSymbol...) to Long, Double, String, Boolean. */
    static Object normalize(Object value) {
        if (value == null || value instanceof Long || value instanceof Double
                || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof CharSequence || value instanceof GenericData.EnumSymbol) {
            return value.toString();
        }
        throw new IllegalArgumentException("unsupported Avro value of class " + value.getClass().getName()
                + ": feature columns must be int, long, float, double, string, enum or boolean");
    }
}
