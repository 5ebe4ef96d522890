package dev.lockstep.batch.recompute.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

class EventChunksTest {

    @Test
    void shouldDeliverEveryEventOnceInItsEntitysPartitionInOrderAcrossManyChunks() {
        int partitions = 3;
        // ~100 bytes per event: 60,000 events fill several 1 MiB chunks per partition.
        List<EventRow> events = IntStream.range(0, 60_000).mapToObj(i -> new EventRow("card-" + (i % 997),
                i % 5 == 0 ? null : "txn-" + i, 1_000L + i, 2_000L + i, i % 4, i, new Object[] {
                        (double) i, (long) i, "merchant-" + (i % 31), i % 2 == 0, null}, i % 3 != 0)).toList();

        List<Tuple2<Integer, byte[]>> chunks = new ArrayList<>();
        EventChunks.pack(events.iterator(), partitions).forEachRemaining(chunks::add);

        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk._2().length).isLessThan(EventChunks.CHUNK_BYTES + 200));
        assertThat(chunks.stream().filter(chunk -> chunk._1() == 0).count()).isGreaterThan(1);
        Map<Integer, List<EventRow>> received = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            Iterator<byte[]> ofPartition = chunks.stream().filter(chunk -> chunk._1() == partition)
                    .map(Tuple2::_2).iterator();
            List<EventRow> out = new ArrayList<>();
            EventChunks.unpack(ofPartition).forEachRemaining(out::add);
            received.put(p, out);
        }
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            List<EventRow> expected = events.stream()
                    .filter(e -> EventChunks.partitionOf(e.entityKey(), partitions) == partition).toList();
            assertThat(received.get(p).stream().map(EventChunksTest::fields).toList())
                    .containsExactlyElementsOf(expected.stream().map(EventChunksTest::fields).toList());
        }
    }

    /** An event's fields as a list, so events compare by content (a record compares arrays by identity). */
    private static List<Object> fields(EventRow e) {
        return java.util.Arrays.asList(e.entityKey(), e.eventId(), e.eventTime(), e.arrival(), e.partition(), e.offset(),
                java.util.Arrays.asList(e.values()), e.inRange());
    }

    @Test
    void shouldPackNothingForNoEvents() {
        assertThat(EventChunks.pack(List.<EventRow>of().iterator(), 4).hasNext()).isFalse();
        assertThat(EventChunks.unpack(List.<byte[]>of(new byte[0]).iterator()).hasNext()).isFalse();
    }

    @Test
    void shouldFailOnACutChunkRatherThanReturnAPartialEvent() {
        EventRow event = new EventRow("card-1", "t", 1L, 2L, 0, 3L, new Object[] {"x"}, true);
        byte[] chunk = EventChunks.pack(List.of(event).iterator(), 1).next()._2();
        byte[] cut = java.util.Arrays.copyOf(chunk, chunk.length - 1);

        Iterator<EventRow> unpacked = EventChunks.unpack(List.of(cut).iterator());

        assertThatThrownBy(unpacked::next).isInstanceOf(UncheckedIOException.class).hasMessageContaining("corrupt");
    }

    @Test
    void shouldNameEachEntityOncePerChunkAndShareItsKeyAmongItsEvents() {
        List<EventRow> events = IntStream.range(0, 6).mapToObj(i -> new EventRow(new String("card-" + (i % 2)),
                "txn-" + i, i, i, 0, i, new Object[] {(long) i}, true)).toList();

        List<Tuple2<Integer, byte[]>> chunks = new ArrayList<>();
        EventChunks.pack(events.iterator(), 1).forEachRemaining(chunks::add);
        List<EventRow> out = new ArrayList<>();
        EventChunks.unpack(chunks.stream().map(Tuple2::_2).iterator()).forEachRemaining(out::add);

        assertThat(chunks).hasSize(1);
        assertThat(new String(chunks.get(0)._2(), java.nio.charset.StandardCharsets.ISO_8859_1).split("card-", -1))
                .as("each key written once").hasSize(3);
        assertThat(out.stream().map(EventChunksTest::fields).toList())
                .containsExactlyElementsOf(events.stream().map(EventChunksTest::fields).toList());
        assertThat(out.get(2).entityKey()).isSameAs(out.get(0).entityKey());
        assertThat(out.get(5).entityKey()).isSameAs(out.get(1).entityKey());
    }

    @Test
    void shouldFailOnAReferenceToAnEntityTheChunkNeverNamed() {
        Iterator<EventRow> unpacked = EventChunks.unpack(List.of(new byte[] {3}).iterator());

        assertThatThrownBy(unpacked::next).isInstanceOf(UncheckedIOException.class).hasMessageContaining("corrupt")
                .hasRootCauseMessage("entity reference 3 at byte 1, but the chunk has named 0 entities");
    }
}
