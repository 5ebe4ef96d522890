package dev.lockstep.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.accept.DedupKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The dedup state: a copy is a duplicate until the watermark passes event time plus lateness, then forgotten. */
class DedupStoreTest {

    private static final long LATENESS = 600_000;

    private KeyValueStore<Bytes, byte[]> rocksDb;

    @BeforeTry
    void open() {
        rocksDb = TestStores.rocksDb("dedup");
    }

    @AfterTry
    void close() {
        rocksDb.close();
    }

    @Property(tries = 200)
    void forgetsExactlyTheKeysWhoseForgettableArrivalTheWatermarkHasPassed(
            @ForAll("rounds") List<List<DedupKey>> rounds, @ForAll("steps") List<Long> watermarkSteps) {
        DedupStore dedup = new DedupStore(rocksDb, LATENESS);
        Set<DedupKey> remembered = new LinkedHashSet<>();
        long watermark = -2_000_000;
        for (int r = 0; r < rounds.size(); r++) {
            for (DedupKey key : rounds.get(r)) {
                // Acceptance rejects what arrives after its time plus lateness; arrivals reach the watermark.
                if (key.forgettableAfterArrival(LATENESS) >= watermark) {
                    assertThat(dedup.firstSeen(key)).as("first sight of %s", key).isEqualTo(remembered.add(key));
                }
            }
            watermark += watermarkSteps.get(r % watermarkSteps.size());
            long at = watermark;
            Set<DedupKey> forgettable = new LinkedHashSet<>(remembered.stream()
                    .filter(k -> k.forgettableAfterArrival(LATENESS) < at).toList());
            assertThat(dedup.forget(watermark)).as("forgotten at %d", watermark).isEqualTo(forgettable.size());
            remembered.removeAll(forgettable);
            // The store holds as many keys as remembered, and each remembered one is seen: exactly those.
            assertThat(entries()).as("keys held at %d", watermark).isEqualTo(remembered.size());
            for (DedupKey key : remembered) {
                assertThat(dedup.firstSeen(key)).as("%s at %d", key, watermark).isFalse();
            }
        }
    }

    private int entries() {
        int n = 0;
        try (var all = rocksDb.all()) {
            for (; all.hasNext(); all.next()) {
                n++;
            }
        }
        return n;
    }

    @Provide
    Arbitrary<List<Long>> steps() {
        return Arbitraries.longs().between(0, 1_500_000).list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<List<DedupKey>>> rounds() {
        return keys().list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<DedupKey>> keys() {
        // Few entities, ids and times, so that copies repeat; times around zero, so the sign bit matters.
        Arbitrary<DedupKey> key = Combinators.combine(Arbitraries.of("c1", "c2", "c/%3", ""),
                Arbitraries.of("t1", "t2", "t3"), Arbitraries.longs().between(-2_500_000, 2_500_000)
                        .edgeCases(e -> e.includeOnly(-1L, 0L, 1L))).as(DedupKey::new);
        return key.list().ofMaxSize(60);
    }

    @Test
    void shouldTreatKeysWrittenInTheLegacyFormatAsSeenUntilTheirForgettableArrival() {
        KeyValueStore<Bytes, byte[]> store = TestStores.inMemory("dedup-legacy");
        DedupKey old = new DedupKey("c1", "t1", 1_000_000);
        byte[] entity = "c1".getBytes(StandardCharsets.UTF_8);
        byte[] id = "t1".getBytes(StandardCharsets.UTF_8);
        // The format before time-ordered keys: lengths and strings, then the event time; value: forgettable arrival.
        store.put(Bytes.wrap(ByteBuffer.allocate(20).putInt(2).put(entity).putInt(2).put(id).putLong(1_000_000).array()),
                ByteBuffer.allocate(8).putLong(old.forgettableAfterArrival(LATENESS)).array());
        DedupStore dedup = new DedupStore(store, LATENESS);

        assertThat(dedup.firstSeen(old)).isFalse();
        assertThat(dedup.forget(1_000_000 + LATENESS)).isZero();
        assertThat(dedup.firstSeen(old)).isFalse();

        assertThat(dedup.forget(1_000_000 + LATENESS + 1)).isEqualTo(1);
        try (var all = store.all()) {
            assertThat(all.hasNext()).isFalse();
        }
        assertThat(dedup.firstSeen(new DedupKey("c1", "t1", 1_000_000))).isTrue();
    }
}
