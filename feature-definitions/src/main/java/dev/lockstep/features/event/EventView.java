package dev.lockstep.features.event;

/**
 * The engine's view of one decoded event. Engines adapt their own record types to it (Avro
 * {@code GenericRecord} via {@link AvroEventView}, a Spark row, a test map), so no engine re-implements a
 * rule: acceptance, dedup, tiling and aggregation all read events through this interface.
 */
public interface EventView {

    /**
     * The value of a top-level field, normalized: {@link Long} for integers, {@link Double} for floating
     * point, {@link String} for strings and enum symbols, {@link Boolean}; {@code null} when the field is
     * absent or null.
     */
    Object get(String field);

    /**
     * The value of field {@code index} of {@code fields}: always the same as {@code get(fields.name(index))}.
     * Rules that read the same fields from every event call this; views that can resolve field positions
     * once per record layout override it (see {@link AvroEventView}).
     */
    default Object get(EventFields fields, int index) {
        return get(fields.name(index));
    }
}
