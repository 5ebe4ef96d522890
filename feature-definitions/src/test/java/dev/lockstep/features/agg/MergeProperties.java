package dev.lockstep.features.agg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.event.EventOrder;
import dev.lockstep.features.spec.FeatureDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The exactness contract: a multiset of events gives the same IR bytes and the same finalized value
 * whether it is updated sequentially or shuffled, split into parts and merged in any tree.
 */
class MergeProperties {

    record Event(Object value, EventOrder order) {
    }

    record Scenario(FeatureDefinition feature, List<Event> events) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.of(TestFeatures.all()).flatMap(feature -> events(feature).map(events -> new Scenario(feature, events)));
    }

    private static Arbitrary<List<Event>> events(FeatureDefinition feature) {
        Arbitrary<Object> values = feature.inputType().map(MergeProperties::values).orElse(Arbitraries.just(Boolean.TRUE));
        Arbitrary<EventOrder> orders = Combinators.combine(
                        Arbitraries.longs().between(0, 20), Arbitraries.longs().between(0, 5), Arbitraries.integers().between(0, 2))
                .as((time, lag, partition) -> new EventOrder(time, time + lag, partition, 0));
        // Offsets made unique per list: no two records share an order, as in production.
        return Combinators.combine(values, orders).as(Event::new).list().ofMaxSize(60)
                .map(list -> {
                    List<Event> unique = new ArrayList<>(list.size());
                    for (int i = 0; i < list.size(); i++) {
                        EventOrder o = list.get(i).order();
                        unique.add(new Event(list.get(i).value(), new EventOrder(o.eventTime(), o.arrival(), o.partition(), i)));
                    }
                    return unique;
                });
    }

    private static Arbitrary<Object> values(ValueType type) {
        return switch (type) {
            case LONG -> Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.longs().between(-1000, 1000)),
                    Tuple.of(1, Arbitraries.longs()),
                    Tuple.of(1, Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L))).map(v -> (Object) v);
            case DOUBLE -> Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.doubles().between(-100, 100)),
                    Tuple.of(2, Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite)),
                    Tuple.of(2, Arbitraries.of(0.0, -0.0, 1e16, -1e16, 1.0, 1e308, -1e308, Double.MIN_VALUE, 0.1, 0.2)))
                    .map(v -> (Object) v);
            case STRING -> Arbitraries.strings().ofMaxLength(4).map(v -> (Object) v);
            case BOOLEAN -> Arbitraries.of(true, false).map(v -> (Object) v);
        };
    }

    @Property(tries = 500)
    @SuppressWarnings("unchecked")
    void shouldMergeEncodedIrExactlyAsItsDecodedForm(@ForAll("scenarios") Scenario scenario, @ForAll long seed) {
        Aggregator<Object> aggregator = (Aggregator<Object>) Aggregators.forFeature(scenario.feature());
        int split = scenario.events().isEmpty() ? 0 : new Random(seed).nextInt(scenario.events().size() + 1);
        Object left = aggregator.prepare();
        Object right = aggregator.prepare();
        for (int i = 0; i < scenario.events().size(); i++) {
            Event e = scenario.events().get(i);
            aggregator.update(i < split ? left : right, e.value(), e.order());
        }
        Object viaDecode = aggregator.copy(left);
        aggregator.merge(viaDecode, aggregator.decode(new IrReader(TestFeatures.bytes(aggregator, right))));
        Object viaBytes = aggregator.copy(left);
        IrReader encodedRight = new IrReader(TestFeatures.bytes(aggregator, right));

        aggregator.mergeEncoded(viaBytes, encodedRight);

        assertThat(encodedRight.remaining()).isZero();
        assertThat(TestFeatures.bytes(aggregator, viaBytes)).isEqualTo(TestFeatures.bytes(aggregator, viaDecode));
        assertThat(outcome(aggregator, viaBytes)).isEqualTo(outcome(aggregator, viaDecode));
    }

    /** The finalized value, or the overflow a long sum reports at finalize: both paths must agree on either. */
    private static Object outcome(Aggregator<Object> aggregator, Object ir) {
        try {
            return aggregator.finalizeValue(ir);
        } catch (AggregationOverflowException e) {
            return e.getMessage();
        }
    }

    @Property(tries = 1000)
    void shouldGiveIdenticalBytesAndValueWhateverSplitOrMergeTree(@ForAll("scenarios") Scenario scenario, @ForAll long seed) {
        @SuppressWarnings("unchecked")
        Aggregator<Object> aggregator = (Aggregator<Object>) Aggregators.forFeature(scenario.feature());
        Random random = new Random(seed);

        Outcome sequential = outcome(aggregator, () -> {
            Object ir = aggregator.prepare();
            for (Event e : scenario.events()) {
                aggregator.update(ir, e.value(), e.order());
            }
            return ir;
        });
        Outcome merged = outcome(aggregator, () -> {
            List<Event> shuffled = new ArrayList<>(scenario.events());
            Collections.shuffle(shuffled, random);
            List<Object> parts = new ArrayList<>();
            int at = 0;
            while (at < shuffled.size() || parts.isEmpty()) {
                int end = Math.min(shuffled.size(), at + random.nextInt(8));
                Object part = aggregator.prepare();
                for (Event e : shuffled.subList(at, end)) {
                    aggregator.update(part, e.value(), e.order());
                }
                // Round-trip some parts through bytes, as tiles do between streaming and batch.
                parts.add(random.nextBoolean() ? part : aggregator.decode(new IrReader(TestFeatures.bytes(aggregator, part))));
                at = end;
            }
            while (parts.size() > 1) { // random merge tree: merge two random parts, sometimes into a copy
                Object a = parts.remove(random.nextInt(parts.size()));
                Object b = parts.remove(random.nextInt(parts.size()));
                Object into = random.nextBoolean() ? a : aggregator.copy(a);
                byte[] before = TestFeatures.bytes(aggregator, b);
                aggregator.merge(into, b);
                assertThat(TestFeatures.bytes(aggregator, b)).as("merge leaves 'from' unchanged").isEqualTo(before);
                parts.add(into);
            }
            return parts.get(0);
        });

        assertThat(merged.bytesHex()).as("IR bytes of %s", scenario.feature().name()).isEqualTo(sequential.bytesHex());
        assertThat(merged.value()).as("value of %s", scenario.feature().name()).isEqualTo(sequential.value());
    }

    /** Bytes and finalized value, or the exception both must throw alike. Doubles compared by bits. */
    record Outcome(String bytesHex, Object value) {
    }

    private static Outcome outcome(Aggregator<Object> aggregator, java.util.function.Supplier<Object> build) {
        Object ir = build.get();
        String hex = java.util.HexFormat.of().formatHex(TestFeatures.bytes(aggregator, ir));
        Object value;
        try {
            value = comparable(aggregator.finalizeValue(ir));
        } catch (AggregationOverflowException e) {
            value = e.getMessage();
        }
        return new Outcome(hex, value);
    }

    private static Object comparable(Object value) {
        if (value instanceof Double d) {
            return "double bits " + Long.toHexString(Double.doubleToRawLongBits(d));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(MergeProperties::comparable).toList();
        }
        return value;
    }
}
