package dev.lockstep.features.accept;

import dev.lockstep.features.event.EventOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dedup rule: among accepted events with the same {@link DedupKey}, the first occurrence by
 * (arrival, partition, offset) wins and the others are duplicates. Events without a key are never
 * duplicates.
 */
public final class Dedup {

    private Dedup() {
    }

    /** Whether {@code candidate} wins over {@code incumbent}, an earlier-seen event with the same key. */
    public static boolean wins(AcceptedEvent candidate, AcceptedEvent incumbent) {
        return EventOrder.ARRIVAL_ORDER.compare(candidate.order(), incumbent.order()) < 0;
    }

    /** The events that survive dedup, in their input order. */
    public static List<AcceptedEvent> firstOccurrences(Collection<AcceptedEvent> events) {
        Map<DedupKey, AcceptedEvent> winners = new HashMap<>();
        for (AcceptedEvent event : events) {
            event.dedupKey().ifPresent(key -> winners.merge(key, event,
                    (incumbent, candidate) -> wins(candidate, incumbent) ? candidate : incumbent));
        }
        List<AcceptedEvent> survivors = new ArrayList<>(events.size());
        for (AcceptedEvent event : events) {
            if (event.dedupKey().map(key -> winners.get(key) == event).orElse(true)) {
                survivors.add(event);
            }
        }
        return survivors;
    }
}
