package dev.lockstep.batch.recompute.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ChunkBuilderTest {

    record Event(String entity, byte[] fields) {
    }

    /**
     * The grouped chunk is byte for byte the events as if they had come side by side: a stable sort by each
     * entity's first appearance, written in the chunk form (here by hand, through Kryo's {@link Output}),
     * where the entity numbered n is the n-th named.
     */
    @Property(tries = 500)
    void shouldGroupEachEntitysEventsInArrivalOrderAsIfTheyHadComeSideBySide(@ForAll("events") List<Event> events) {
        Map<String, List<Event>> byFirstAppearance = new LinkedHashMap<>();
        events.forEach(e -> byFirstAppearance.computeIfAbsent(e.entity(), k -> new ArrayList<>()).add(e));
        Output sideBySide = new Output(1024, -1);
        int number = 0;
        for (List<Event> ofEntity : byFirstAppearance.values()) {
            number++;
            for (int i = 0; i < ofEntity.size(); i++) {
                if (i == 0) {
                    sideBySide.writeVarInt(0, true);
                    sideBySide.writeString(ofEntity.get(0).entity());
                } else {
                    sideBySide.writeVarInt(number, true);
                }
                sideBySide.writeVarInt(ofEntity.get(i).fields().length, true);
                sideBySide.writeBytes(ofEntity.get(i).fields());
            }
        }
        byte[] expected = sideBySide.toBytes();
        ChunkBuilder builder = new ChunkBuilder();

        for (int round = 0; round < 2; round++) { // the builder is empty after a chunk, and fills again alike
            events.forEach(e -> add(builder, e));
            assertThat(builder.size()).isEqualTo(expected.length);
            assertThat(builder.takeGrouped()).isEqualTo(expected);
            assertThat(builder.size()).isZero();
        }
    }

    @Test
    void shouldWriteEachKeyOnceAtItsEntitysFirstEventAndNumbersAfter() {
        ChunkBuilder builder = new ChunkBuilder();
        add(builder, new Event("ab", new byte[] {7}));
        add(builder, new Event("cd", new byte[] {8, 9}));
        add(builder, new Event("ab", new byte[0]));

        // Kryo writes an ASCII key of two or more characters a byte each, the last with its high bit set.
        assertThat(builder.takeGrouped()).containsExactly(
                0, 'a', 'b' | 0x80, 1, 7, // ab's first event: reference 0, the key, length 1, its field
                1, 0, // ab's second: reference 1, length 0
                0, 'c', 'd' | 0x80, 2, 8, 9);
    }

    @Provide
    Arbitrary<List<Event>> events() {
        // Few entities so they repeat; fields across the one-byte length limit (127).
        Arbitrary<String> entities = Arbitraries.of("card-1", "card-2", "card-3", "card-ü", "c");
        Arbitrary<byte[]> fields = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Combinators.combine(entities, fields).as(Event::new).list().ofMaxSize(60);
    }

    private static void add(ChunkBuilder builder, Event event) {
        builder.add(event.entity(), event.entity().hashCode(), event.fields(), event.fields().length);
    }
}
