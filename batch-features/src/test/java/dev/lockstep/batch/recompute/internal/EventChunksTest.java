package dev.lockstep.batch.recompute.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            Iterator<byte[]> ofPartition = chunks.stream().filter(chunk -> chunk._1() == partition)
                    .map(Tuple2::_2).iterator();
            Map<String, List<List<Object>>> expected = events.stream()
                    .filter(e -> EventChunks.partitionOf(e.entityKey(), partitions) == partition)
                    .collect(Collectors.groupingBy(EventRow::entityKey, LinkedHashMap::new,
                            Collectors.mapping(EventChunksTest::fields, Collectors.toList())));

            assertThat(byEntity(EventChunks.byEntity(ofPartition))).containsExactlyEntriesOf(expected);
        }
    }

    /** Every entity's events, as field lists, in the order the index numbers the entities. */
    private static Map<String, List<List<Object>>> byEntity(ChunksByEntity chunks) {
        Map<String, List<List<Object>>> events = new LinkedHashMap<>();
        for (int e = 0; e < chunks.entityCount(); e++) {
            events.put(chunks.entity(e), chunks.takeEvents(e).stream().map(EventChunksTest::fields).toList());
        }
        return events;
    }

    /** An event's fields as a list, so events compare by content (a record compares arrays by identity). */
    private static List<Object> fields(EventRow e) {
        return java.util.Arrays.asList(e.entityKey(), e.eventId(), e.eventTime(), e.arrival(), e.partition(), e.offset(),
                java.util.Arrays.asList(e.values()), e.inRange());
    }

    @Test
    void shouldPackNothingForNoEvents() {
        assertThat(EventChunks.pack(List.<EventRow>of().iterator(), 4).hasNext()).isFalse();
        assertThat(EventChunks.byEntity(List.<byte[]>of(new byte[0]).iterator()).entityCount()).isZero();
    }

    @Test
    void shouldFailOnACutChunkRatherThanIndexAPartialEvent() {
        byte[] chunk = EventChunks.pack(List.of(event("card-1", "x")).iterator(), 1).next()._2();
        byte[] cut = Arrays.copyOf(chunk, chunk.length - 1);

        assertThatThrownBy(() -> EventChunks.byEntity(List.of(cut).iterator()))
                .isInstanceOf(UncheckedIOException.class).hasMessage("corrupt shuffled event chunk 0")
                .hasRootCauseMessage("an event of %d bytes at byte 8, but the chunk ends at byte %d",
                        chunk.length - 8, chunk.length - 1); // reference 0, "card-1", the length: fields at byte 8
    }

    @Test
    void shouldFailOnAnEventWhoseFieldsDoNotSpanItsLength() {
        // Reference 0 and the key (Kryo writes an ASCII key a byte per character), then the event's length.
        int lengthAt = 1 + "card-1".length();
        byte[] chunk = EventChunks.pack(List.of(event("card-1", "x")).iterator(), 1).next()._2();
        int length = chunk[lengthAt];
        // One byte shorter, and its last byte turned into the next event: entity reference 1, then length 0.
        byte[] shortened = Arrays.copyOf(chunk, chunk.length + 1);
        shortened[lengthAt] = (byte) (length - 1);
        shortened[chunk.length - 1] = 1;
        shortened[chunk.length] = 0;
        ChunksByEntity byEntity = EventChunks.byEntity(List.of(shortened).iterator());

        assertThatThrownBy(() -> byEntity.takeEvents(0)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("corrupt shuffled event chunk 0 of entity card-1")
                .hasRootCauseMessage("an event of %d bytes at byte %d read as %d", length - 1, lengthAt + 1, length);
    }

    @Test
    void shouldRefuseToDecodeAnEntitysEventsTwice() {
        ChunksByEntity byEntity = EventChunks.byEntity(
                List.of(EventChunks.pack(List.of(event("card-1", "x")).iterator(), 1).next()._2()).iterator());
        assertThat(byEntity.takeEvents(0)).hasSize(1);

        assertThatThrownBy(() -> byEntity.takeEvents(0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the events of entity card-1 were taken already");
    }

    private static EventRow event(String entity, String value) {
        return new EventRow(entity, "t", 1L, 2L, 0, 3L, new Object[] {value}, true);
    }

    @Test
    void shouldNameEachEntityOncePerChunkAndShareItsKeyAmongItsEvents() {
        List<EventRow> events = IntStream.range(0, 6).mapToObj(i -> new EventRow(new String("card-" + (i % 2)),
                "txn-" + i, i, i, 0, i, new Object[] {(long) i}, true)).toList();

        List<Tuple2<Integer, byte[]>> chunks = new ArrayList<>();
        EventChunks.pack(events.iterator(), 1).forEachRemaining(chunks::add);
        ChunksByEntity byEntity = EventChunks.byEntity(chunks.stream().map(Tuple2::_2).iterator());

        assertThat(chunks).hasSize(1);
        assertThat(new String(chunks.get(0)._2(), java.nio.charset.StandardCharsets.ISO_8859_1).split("card-", -1))
                .as("each key written once").hasSize(3);
        assertThat(byEntity(byEntity)).containsExactly(
                Map.entry("card-0", List.of(fields(events.get(0)), fields(events.get(2)), fields(events.get(4)))),
                Map.entry("card-1", List.of(fields(events.get(1)), fields(events.get(3)), fields(events.get(5)))));
        ChunksByEntity again = EventChunks.byEntity(chunks.stream().map(Tuple2::_2).iterator());
        List<EventRow> card0 = again.takeEvents(0);
        assertThat(card0).allSatisfy(e -> assertThat(e.entityKey()).isSameAs(again.entity(0)));
    }

    @Test
    void shouldFailOnAReferenceToAnEntityTheChunkNeverNamed() {
        assertThatThrownBy(() -> EventChunks.byEntity(List.of(new byte[] {3}).iterator()))
                .isInstanceOf(UncheckedIOException.class).hasMessage("corrupt shuffled event chunk 0")
                .hasRootCauseMessage("entity reference 3 at byte 1, but the chunk has named 0 entities");
    }
}
