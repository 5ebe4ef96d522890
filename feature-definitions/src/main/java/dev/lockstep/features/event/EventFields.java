package dev.lockstep.features.event;

import java.util.List;

/**
 * The fields a rule reads from every event, in a fixed order, so that a view can resolve them to
 * positions once per record layout (an Avro schema) instead of looking each name up on every event.
 * {@link EventView#get(EventFields, int)} reads field {@code i}; its value is always that of
 * {@link EventView#get(String)} for {@link #name(int) name(i)}.
 *
 * <p>Immutable apart from a cache of the last layout's positions; thread-safe.
 */
public final class EventFields {

    private final String[] names;
    /**
     * The positions in the layout seen last. Read and written without a lock: a {@link Resolution} is
     * immutable (final fields), so a racing reader sees either a whole resolution or none, and at worst
     * resolves again. Engines decode a source with one reader schema, so the layout hardly ever changes.
     */
    private Resolution last;

    public EventFields(List<String> names) {
        this.names = names.toArray(String[]::new);
    }

    public int size() {
        return names.length;
    }

    public String name(int index) {
        return names[index];
    }

    /**
     * The position of every field in a layout, -1 where the layout has no such field.
     *
     * @param layout     the layout, compared by identity, e.g. an Avro record's schema
     * @param positionOf resolves one field name in a layout, -1 when absent; called only for a new layout
     */
    public <L> int[] positionsIn(L layout, PositionOf<L> positionOf) {
        Resolution resolution = last;
        if (resolution == null || resolution.layout != layout) {
            int[] positions = new int[names.length];
            for (int i = 0; i < names.length; i++) {
                positions[i] = positionOf.position(layout, names[i]);
            }
            resolution = new Resolution(layout, positions);
            last = resolution;
        }
        return resolution.positions;
    }

    /** Where a named field sits in a layout; -1 when the layout has no such field. */
    @FunctionalInterface
    public interface PositionOf<L> {
        int position(L layout, String field);
    }

    private record Resolution(Object layout, int[] positions) {
    }

    @Override
    public String toString() {
        return "EventFields" + List.of(names);
    }
}
