package dev.lockstep.batch.recompute.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class EntityNumbersTest {

    /** A key, or null for "the chunk was emitted": clear. */
    @Property(tries = 500)
    void shouldNumberKeysInFirstSeenOrderAsAMapWouldUntilCleared(@ForAll("keysAndClears") List<String> steps) {
        EntityNumbers numbers = new EntityNumbers();
        Map<String, Integer> model = new HashMap<>();
        for (String key : steps) {
            if (key == null) {
                numbers.clear();
                model.clear();
                continue;
            }
            Integer known = model.get(key);
            if (known == null) {
                model.put(key, model.size() + 1);
            }
            assertThat(numbers.numberOrAdd(key, key.hashCode())).as("number of %s", key)
                    .isEqualTo(known == null ? 0 : known);
            assertThat(numbers.count()).isEqualTo(model.size());
        }
    }

    @Test
    void shouldTellApartManyKeysThatShareTheirHashOrItsLowBitsAcrossGrowthAndReuse() {
        EntityNumbers numbers = new EntityNumbers();
        for (int chunk = 0; chunk < 3; chunk++) {
            // "Aa" and "BB" hash alike, so every string of n such pairs shares one hash with 2^n - 1 others;
            // and a partition's keys all share their hash modulo the partition count.
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 1 << 12; i++) {
                StringBuilder key = new StringBuilder();
                for (int bit = 0; bit < 12; bit++) {
                    key.append((i >> bit & 1) == 0 ? "Aa" : "BB");
                }
                keys.add(key.toString());
            }
            for (int i = 0; keys.size() < 20_000; i++) {
                String key = "card-" + i + "-é";
                if (Math.floorMod(key.hashCode(), 8) == 3) {
                    keys.add(key);
                }
            }
            for (int i = 0; i < keys.size(); i++) {
                assertThat(numbers.numberOrAdd(keys.get(i), keys.get(i).hashCode())).isZero();
            }
            for (int i = 0; i < keys.size(); i++) {
                assertThat(numbers.numberOrAdd(keys.get(i), keys.get(i).hashCode())).isEqualTo(i + 1);
            }
            assertThat(numbers.count()).isEqualTo(keys.size());
            numbers.clear();
            assertThat(numbers.count()).isZero();
        }
    }

    @Provide
    Arbitrary<List<String>> keysAndClears() {
        Arbitrary<String> colliding = Arbitraries.of("Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB", "", "é", "卡");
        Arbitrary<String> any = Arbitraries.strings().ofMaxLength(6);
        Arbitrary<String> many = Arbitraries.integers().between(0, 3_000).map(i -> "card-" + i);
        Arbitrary<String> clear = Arbitraries.just(null);
        return Arbitraries.frequencyOf(Tuple.of(3, colliding), Tuple.of(3, any), Tuple.of(10, many), Tuple.of(1, clear))
                .list().ofMaxSize(3_000);
    }
}
