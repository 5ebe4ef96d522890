package dev.lockstep.batch.recompute.internal;

import dev.lockstep.features.event.EventOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;

/**
 * One task's shuffled events grouped by entity, and the dedup of one entity's events. The recompute
 * shuffles by entity, so every copy of an event is in its entity's group.
 *
 * <p>Entity by entity rather than through one map of the whole task: an entity's events, its dedup and its
 * tiles stay small enough to be in cache while they are worked on, the dedup needs no map at all, and the
 * decoded events die young (the task holds the rest as bytes, {@link ChunksByEntity}).
 */
public final class EntityEvents {

    /**
     * Event time first, so copies of an event (same id and event time) end up side by side, and the fold
     * finds an entity's next event in the tile of the one before. Ties by id, then by arrival order.
     */
    private static final Comparator<EventRow> TIME_THEN_ID = EntityEvents::compareTimeThenId;
    private static final Comparator<String> IDS = Comparator.nullsFirst(Comparator.naturalOrder());

    private EntityEvents() {
    }

    /**
     * The events of one entity that survive dedup and lie in the range, sorted by event time: those without
     * an id, and of the copies of an event with one (same id and event time), the first by (arrival,
     * partition, offset), the engine's dedup rule. Sorts {@code events} in place.
     */
    public static List<EventRow> firstOccurrencesInRange(List<EventRow> events) {
        events.sort(TIME_THEN_ID);
        List<EventRow> survivors = new ArrayList<>(events.size());
        EventRow previous = null;
        for (EventRow event : events) {
            // Sorted by (time, id, arrival order): a copy directly follows the first copy, which won.
            boolean laterCopy = previous != null && event.eventId() != null && event.eventTime() == previous.eventTime()
                    && event.eventId().equals(previous.eventId());
            if (!laterCopy && event.inRange()) {
                survivors.add(event);
            }
            previous = event;
        }
        return survivors;
    }

    /** The survivors of a task's chunks of events (see {@link #firstOccurrencesInRange(List)}), entity by entity. */
    public static Iterator<EventRow> firstOccurrencesInRange(Iterator<byte[]> chunks) {
        return flatMapEntities(chunks, (entity, ofEntity) -> firstOccurrencesInRange(ofEntity).iterator());
    }

    /**
     * What {@code perEntity} makes of each entity's events (in input order), entity after entity, lazily:
     * the chunks are indexed first ({@link ChunksByEntity}), then an entity's events are decoded once its
     * output is reached, and released after.
     */
    public static <T> Iterator<T> flatMapEntities(Iterator<byte[]> chunks,
                                                  BiFunction<String, List<EventRow>, Iterator<T>> perEntity) {
        ChunksByEntity byEntity = EventChunks.byEntity(chunks);
        return new Iterator<>() {
            private Iterator<T> current = Collections.emptyIterator();
            private int next;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && next < byEntity.entityCount()) {
                    int entity = next++;
                    current = perEntity.apply(byEntity.entity(entity), byEntity.takeEvents(entity));
                }
                return current.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** Written out rather than chained ({@code comparingLong(...).thenComparing(...)}): the sort's hot path. */
    private static int compareTimeThenId(EventRow a, EventRow b) {
        int byTime = Long.compare(a.eventTime(), b.eventTime());
        if (byTime != 0) {
            return byTime;
        }
        int byId = IDS.compare(a.eventId(), b.eventId());
        return byId != 0 ? byId : EventOrder.ARRIVAL_ORDER.compare(a.order(), b.order());
    }
}
