package dev.lockstep.streaming;

import static dev.lockstep.streaming.testing.Transactions.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.streaming.internal.DeadLetters;
import dev.lockstep.streaming.testing.Reference;
import dev.lockstep.streaming.testing.TopologyHarness;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.avro.generic.GenericRecord;

/**
 * For every stream whose arrival times step back by at most the margin behind the partition's latest
 * arrival, with purges every 5 s of arrival: the online store holds exactly the tiles the order-free
 * reference computes (what batch computes), and every record is either folded or dead-lettered for the
 * reason acceptance gives; none is refused as {@code ARRIVAL_REGRESSED}.
 */
class ArrivalRegressionProperties {

    private static final long MARGIN = TopologySettings.DEFAULT_ARRIVAL_REGRESSION_MARGIN.toMillis();
    private static final SourcePlan PLAN = TopologyTestSupport.PLAN;

    /** One record: its card, how far the latest arrival moves on, how far back of it this one arrives, how late. */
    record Step(int card, long advance, long stepBack, long delay) {
    }

    private final ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
    private final Transactions tx = new Transactions(wireFormat);

    @Property(tries = 25)
    void recordsSteppingBackWithinTheMarginAreFoldedAsTheOrderFreeReferenceSays(@ForAll("streams") List<Step> steps) {
        InMemoryOnlineStore store = new InMemoryOnlineStore(OnlineStoreLayouts.of(Transactions.SPEC),
                TopologyTestSupport.CLOCK);
        try (TopologyHarness harness = new TopologyHarness(wireFormat, store, new SimpleMeterRegistry(),
                TopologyTestSupport.CLOCK, TopologySettings.defaults())) {
            long latest = TopologyTestSupport.T0;
            int id = 0;
            for (Step step : steps) {
                latest += step.advance();
                long arrival = latest - step.stepBack();
                String card = "c" + step.card();
                harness.pipe(key(card), tx.encode("t" + id, card, "m" + id % 7, id % 100 / 4.0, "DE",
                        arrival - step.delay()), arrival);
                id++;
            }

            Reference reference = Reference.of(PLAN, wireFormat, harness.piped());
            Map<Long, String> reasons = new TreeMap<>();
            harness.deadLetters().readRecordsToList().forEach(letter -> {
                GenericRecord decoded = wireFormat.decode(letter.value(), DeadLetters.SCHEMA).record();
                reasons.put((Long) decoded.get("source_offset"), decoded.get("reason_code").toString());
            });
            Map<Long, String> expected = new TreeMap<>();
            reference.rejections().forEach((position, reason) -> expected.put(position.offset(), reason.name()));
            assertThat(reasons).isEqualTo(expected);
            TopologyTestSupport.assertStoreMatchesReference(store, reference);
        }
    }

    @Provide
    Arbitrary<List<Step>> streams() {
        Arbitrary<Long> stepBack = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0L)),
                Tuple.of(2, Arbitraries.longs().between(0, MARGIN)));
        // Delays from 90 s in the future to 11 minutes late: some records are rejected either way.
        Arbitrary<Long> delay = Arbitraries.longs().between(-90_000, 11 * 60_000);
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.longs().between(0, 20_000),
                        stepBack, delay)
                .as(Step::new)
                .list().ofMinSize(150).ofMaxSize(400);
    }
}
