package dev.lockstep.features.accept;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.event.EventOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class DedupTest {

    @Test
    void shouldKeepFirstOccurrenceByArrivalEvenWhenItComesLaterInTheInput() {
        AcceptedEvent later = event("id-1", 1_000, 5_000, 0, 10, 1.0);
        AcceptedEvent earlier = event("id-1", 1_000, 4_000, 1, 99, 2.0);

        assertThat(Dedup.firstOccurrences(List.of(later, earlier))).containsExactly(earlier);
    }

    @Test
    void shouldBreakArrivalTiesByPartitionThenOffset() {
        AcceptedEvent partitionOne = event("id-1", 1_000, 4_000, 1, 3, 1.0);
        AcceptedEvent partitionZero = event("id-1", 1_000, 4_000, 0, 7, 2.0);
        AcceptedEvent partitionZeroLater = event("id-1", 1_000, 4_000, 0, 8, 3.0);

        assertThat(Dedup.firstOccurrences(List.of(partitionOne, partitionZeroLater, partitionZero)))
                .containsExactly(partitionZero);
    }

    @Test
    void shouldTreatSameIdAtAnotherEventTimeAsAnotherEvent() {
        AcceptedEvent first = event("id-1", 1_000, 4_000, 0, 1, 1.0);
        AcceptedEvent other = event("id-1", 1_001, 4_000, 0, 2, 1.0);

        assertThat(Dedup.firstOccurrences(List.of(first, other))).containsExactly(first, other);
    }

    @Test
    void shouldNeverDropEventsWithoutAnId() {
        AcceptedEvent a = event(null, 1_000, 4_000, 0, 1, 1.0);
        AcceptedEvent b = event(null, 1_000, 4_000, 0, 2, 1.0);

        assertThat(Dedup.firstOccurrences(List.of(a, b))).containsExactly(a, b);
    }

    @Test
    void shouldForgetAKeyOnceNoAcceptedCopyCanArriveAnyMore() {
        assertThat(new DedupKey("c", "id", 1_000).forgettableAfterArrival(600_000)).isEqualTo(601_000);
    }

    private static AcceptedEvent event(String id, long eventTime, long arrival, int partition, long offset, double amount) {
        return new AcceptedEvent("card-1", new EventOrder(eventTime, arrival, partition, offset), id,
                new Object[] {amount});
    }
}
