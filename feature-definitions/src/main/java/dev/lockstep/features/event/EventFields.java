package dev.lockstep.features.event;

import java.util.List;

/**
 * The fields a rule reads from every event, in a fixed order, so that a view can resolve them to
 * positions once per record layout (an Avro schema) instead of looking each name up on every event.
 * {@link EventView#get(EventFields, int)} reads field {@code i}; its value is always that of
 * {@link EventView#get(String)} for {@link #name(int) name(i)}.
 *
 * <p>Immutable apart from a cache of the latest layouts' positions; thread-safe.
 */
public final class EventFields {

    /**
     * How many layouts keep their positions. Batch reads each archive file with the schema written in it,
     * so a parsed schema per file, and its tasks read files side by side: one layout per running task
     * (a core), where a single cached layout would be resolved afresh on nearly every event.
     */
    static final int LAYOUTS_KEPT = 16;

    private final String[] names;
    /**
     * The positions in the layouts resolved last, the latest first. Never changed in place: a new array
     * replaces it, so a racing reader sees a whole array (volatile) of whole resolutions, and at worst a
     * layout is resolved twice.
     */
    private volatile Resolution[] recent = new Resolution[0];

    public EventFields(List<String> names) {
        this.names = names.toArray(String[]::new);
    }

    public int size() {
        return names.length;
    }

    public String name(int index) {
        return names[index];
    }

    /** The names, in order. */
    public List<String> names() {
        return List.of(names);
    }

    /**
     * The position of every field in a layout, -1 where the layout has no such field.
     *
     * @param layout     the layout, compared by identity, e.g. an Avro record's schema
     * @param positionOf resolves one field name in a layout, -1 when absent; called only for a layout not
     *                   among the latest {@value #LAYOUTS_KEPT} resolved
     */
    public <L> int[] positionsIn(L layout, PositionOf<L> positionOf) {
        Resolution[] seen = recent;
        for (Resolution resolution : seen) {
            if (resolution.layout == layout) {
                return resolution.positions;
            }
        }
        int[] positions = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            positions[i] = positionOf.position(layout, names[i]);
        }
        Resolution[] next = new Resolution[Math.min(seen.length + 1, LAYOUTS_KEPT)];
        next[0] = new Resolution(layout, positions);
        System.arraycopy(seen, 0, next, 1, next.length - 1);
        recent = next;
        return positions;
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
        return "EventFields" + names();
    }
}
