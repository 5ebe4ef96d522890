package dev.lockstep.features.agg;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.data.Percentage.withPercentage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * HLL bytes must not depend on insertion order or merge tree across the LIST -> SET -> HLL transitions.
 * Raw DataSketches images do (checked below), so this proves the canonical form, not the library.
 */
class CountDistinctProperties {
    private final Aggregator<DistinctSketch> aggregator = TestFeatures.aggregator(AggregationKind.COUNT_DISTINCT, ValueType.LONG);

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.of(1, 5, 50, 500, 5000);
    }

    @Property(tries = 60)
    void shouldGiveOrderIndependentBytesAcrossModeTransitions(@ForAll("sizes") int distinct, @ForAll long seed) {
        Random random = new Random(seed);
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            long v = random.nextLong();
            values.add(v);
            if (random.nextInt(4) == 0) {
                values.add(v); // duplicates must not count
            }
        }
        DistinctSketch sequential = aggregator.prepare();
        values.forEach(v -> aggregator.update(sequential, v, TestFeatures.at(0)));

        Collections.shuffle(values, random);
        List<DistinctSketch> parts = new ArrayList<>();
        int at = 0;
        while (at < values.size()) {
            int end = Math.min(values.size(), at + 1 + random.nextInt(Math.max(1, values.size() / 3)));
            DistinctSketch part = aggregator.prepare();
            values.subList(at, end).forEach(v -> aggregator.update(part, v, TestFeatures.at(0)));
            parts.add(part);
            at = end;
        }
        while (parts.size() > 1) {
            DistinctSketch a = parts.remove(random.nextInt(parts.size()));
            aggregator.merge(a, parts.remove(random.nextInt(parts.size())));
            parts.add(a);
        }
        DistinctSketch merged = parts.get(0);

        assertThat(TestFeatures.bytes(aggregator, merged)).isEqualTo(TestFeatures.bytes(aggregator, sequential));
        assertThat(aggregator.finalizeValue(merged)).isEqualTo(aggregator.finalizeValue(sequential));
        long estimate = (Long) aggregator.finalizeValue(sequential);
        assertThat((double) estimate).isCloseTo(distinct, withPercentage(distinct < 100 ? 0.5 : 8));
    }

    /**
     * Finalize reads a coupon-mode sketch's estimate directly, and only canonicalizes HLL mode: in every
     * mode, for sketches built by updates and by unions, that equals the estimate of the canonical image
     * read back, the definition of the value.
     */
    @Property(tries = 60)
    void shouldEstimateExactlyAsTheCanonicalImageInEveryMode(@ForAll("sizes") int distinct, @ForAll long seed) {
        Random random = new Random(seed);
        DistinctSketch sequential = aggregator.prepare();
        DistinctSketch merged = aggregator.prepare();
        DistinctSketch part = aggregator.prepare();
        for (int i = 0; i < distinct; i++) {
            long v = random.nextLong();
            aggregator.update(sequential, v, TestFeatures.at(0));
            aggregator.update(part, v, TestFeatures.at(0));
            if (random.nextInt(7) == 0) {
                aggregator.merge(merged, part);
                part = aggregator.prepare();
            }
        }
        aggregator.merge(merged, part);

        for (DistinctSketch ir : List.of(sequential, merged)) {
            HllSketch sketch = ir.sketch();
            assertThat(HllCanonicalForm.estimate(sketch))
                    .isEqualTo(HllSketch.heapify(HllCanonicalForm.of(sketch)).getEstimate());
        }
        assertThat(aggregator.finalizeValue(merged)).isEqualTo(aggregator.finalizeValue(sequential));
    }

    /** Documents why canonicalization exists: reversed insertion changes the library's own bytes. */
    @Example
    void rawSketchBytesDependOnInsertionOrder() {
        HllSketch forward = new HllSketch(12, TgtHllType.HLL_8);
        HllSketch backward = new HllSketch(12, TgtHllType.HLL_8);
        for (long i = 0; i < 50; i++) {
            forward.update(i);
            backward.update(49 - i);
        }
        assertThat(forward.toCompactByteArray()).isNotEqualTo(backward.toCompactByteArray());
        assertThat(HllCanonicalForm.of(forward)).isEqualTo(HllCanonicalForm.of(backward));
    }
}
