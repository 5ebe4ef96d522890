package dev.lockstep.batch.recompute.internal;

import dev.lockstep.features.event.EventOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;

/**
 * One task's shuffled events grouped by entity, and the dedup of one entity's events. The recompute
 * shuffles by entity, so every copy of an event is in its entity's group.
 *
 * <p>Entity by entity rather than through one map of the whole task: an entity's events, its dedup and its
 * tiles stay small enough to be in cache while they are worked on, and the dedup needs no map at all.
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

    /** The task's events by entity key, each entity's in input order. */
    private static Map<String, List<EventRow>> byEntity(Iterator<EventRow> events) {
        Map<String, List<EventRow>> byEntity = new HashMap<>();
        while (events.hasNext()) {
            EventRow event = events.next();
            byEntity.computeIfAbsent(event.entityKey(), unused -> new ArrayList<>()).add(event);
        }
        return byEntity;
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

    /** The survivors of a task's events (see {@link #firstOccurrencesInRange(List)}), entity by entity. */
    public static Iterator<EventRow> firstOccurrencesInRange(Iterator<EventRow> events) {
        return flatMapEntities(events, (entity, ofEntity) -> firstOccurrencesInRange(ofEntity).iterator());
    }

    /**
     * What {@code perEntity} makes of each entity's events, entity after entity, lazily: an entity's
     * events are released once its output is reached.
     */
    public static <T> Iterator<T> flatMapEntities(Iterator<EventRow> events,
                                                  BiFunction<String, List<EventRow>, Iterator<T>> perEntity) {
        Iterator<Map.Entry<String, List<EventRow>>> entities = byEntity(events).entrySet().iterator();
        return new Iterator<>() {
            private Iterator<T> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && entities.hasNext()) {
                    Map.Entry<String, List<EventRow>> entity = entities.next();
                    entities.remove();
                    current = perEntity.apply(entity.getKey(), entity.getValue());
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
