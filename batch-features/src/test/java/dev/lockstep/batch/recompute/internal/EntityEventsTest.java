package dev.lockstep.batch.recompute.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.Dedup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class EntityEventsTest {

    /**
     * Against the engine's own dedup rule over the whole input: the survivors of a task's chunks are
     * exactly the engine's first occurrences that arrived in the range, each entity's sorted by event time
     * and delivered together. (Events compare by identity fields: decoded events are new objects.)
     */
    @Property(tries = 1_000)
    void shouldKeepExactlyTheEnginesFirstOccurrencesInRangeEntityByEntityByEventTime(
            @ForAll("events") List<EventRow> events) {
        Map<String, EventRow> byPosition = byPosition(events);
        Set<EventRow> winners = Dedup.firstOccurrences(events.stream().map(EventRow::toAccepted).toList()).stream()
                .map(AcceptedEvent::order)
                .map(order -> byPosition.get(order.partition() + "/" + order.offset()))
                .collect(Collectors.toSet());
        List<String> expected = events.stream().filter(winners::contains).filter(EventRow::inRange)
                .map(EntityEventsTest::identity).toList();
        List<byte[]> chunks = new ArrayList<>();
        EventChunks.pack(events.iterator(), 1).forEachRemaining(chunk -> chunks.add(chunk._2()));

        List<EventRow> survivors = new ArrayList<>();
        EntityEvents.firstOccurrencesInRange(chunks.iterator()).forEachRemaining(survivors::add);

        assertThat(survivors.stream().map(EntityEventsTest::identity).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
        List<String> entityRuns = new ArrayList<>();
        for (int i = 0; i < survivors.size(); i++) {
            EventRow event = survivors.get(i);
            if (i == 0 || !survivors.get(i - 1).entityKey().equals(event.entityKey())) {
                entityRuns.add(event.entityKey());
            } else {
                assertThat(event.eventTime()).isGreaterThanOrEqualTo(survivors.get(i - 1).eventTime());
            }
        }
        assertThat(entityRuns).as("each entity's survivors come together").doesNotHaveDuplicates();
    }

    @Test
    void shouldKeepTheEarliestArrivedCopyEvenWhenItArrivedBeforeTheRange() {
        EventRow early = row("card-1", "txn-1", 1_000L, 5_000L, 0, 7, false);
        EventRow inRange = row("card-1", "txn-1", 1_000L, 9_000L, 1, 3, true);
        EventRow noId = row("card-1", null, 1_000L, 9_500L, 1, 4, true);
        EventRow otherTime = row("card-1", "txn-1", 2_000L, 9_000L, 0, 9, true);

        List<EventRow> survivors = EntityEvents.firstOccurrencesInRange(
                new ArrayList<>(List.of(otherTime, inRange, noId, early)));

        assertThat(survivors).containsExactly(noId, otherTime);
    }

    @Test
    void shouldPreferTheLowerPartitionThenOffsetForCopiesArrivedAtTheSameMillisecond() {
        EventRow later = row("card-1", "txn-1", 1_000L, 5_000L, 1, 2, true);
        EventRow first = row("card-1", "txn-1", 1_000L, 5_000L, 0, 9, true);

        assertThat(EntityEvents.firstOccurrencesInRange(new ArrayList<>(List.of(later, first)))).containsExactly(first);
    }

    @Provide
    Arbitrary<List<EventRow>> events() {
        // Few entities, ids and times, so copies (same entity, id and time) are common; positions are unique.
        Arbitrary<Object[]> drafts = Combinators.combine(
                Arbitraries.of("card-1", "card-2", "card-3"),
                Arbitraries.of("txn-1", "txn-2", "txn-3").injectNull(0.2),
                Arbitraries.longs().between(0, 3).map(t -> t * 1_000L),
                Arbitraries.longs().between(0, 4).map(a -> 10_000L + a * 500L),
                Arbitraries.integers().between(0, 2),
                Arbitraries.of(true, false))
                .as((entity, id, time, arrival, partition, inRange) -> new Object[] {entity, id, time, arrival,
                        partition, inRange});
        return drafts.list().ofMaxSize(40).map(list -> {
            List<EventRow> rows = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object[] d = list.get(i);
                rows.add(row((String) d[0], (String) d[1], (Long) d[2], (Long) d[3], (Integer) d[4], i, (Boolean) d[5]));
            }
            return rows;
        });
    }

    /** What tells events apart here: entity, id, times and position. */
    private static String identity(EventRow e) {
        return e.entityKey() + "," + e.eventId() + "," + e.eventTime() + "," + e.arrival() + "," + e.partition() + "/"
                + e.offset() + "," + e.inRange();
    }

    private static Map<String, EventRow> byPosition(List<EventRow> events) {
        Map<String, EventRow> byPosition = new HashMap<>();
        events.forEach(e -> byPosition.put(e.partition() + "/" + e.offset(), e));
        return byPosition;
    }

    private static EventRow row(String entity, String id, long time, long arrival, int partition, long offset,
                                boolean inRange) {
        return new EventRow(entity, id, time, arrival, partition, offset, new Object[] {(double) offset}, inRange);
    }
}
