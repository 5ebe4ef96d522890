package dev.lockstep.features.accept;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.event.MapEventView;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.oracle.TestSpecs;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcceptanceRulesTest {

    private static final long ARRIVAL = 1_700_000_000_000L;
    private static final long LATENESS = TestSpecs.LATENESS.toMillis();
    private static final long SKEW = TestSpecs.SKEW.toMillis();
    private static final AcceptanceRules RULES =
            SourcePlan.compile(TestSpecs.everyAggregation(), TestSpecs.SOURCE).acceptance();
    private static final RecordPosition POSITION = new RecordPosition("test.events", 2, 41, ARRIVAL);

    @Test
    void shouldAcceptEventAtExactlyAllowedLateness() {
        assertThat(evaluate(event(ARRIVAL - LATENESS))).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void shouldRejectEventOneMillisecondLaterThanAllowedLateness() {
        Verdict verdict = evaluate(event(ARRIVAL - LATENESS - 1));

        assertThat(verdict).isEqualTo(new Verdict.Rejected(RejectReason.TOO_LATE,
                "source events record test.events/2@41 (arrival 1700000000000): event time 1699999399999 is 600001 ms"
                        + " before arrival 1700000000000; allowed lateness is 600000 ms"));
    }

    @Test
    void shouldAcceptEventAtExactlyMaxFutureSkew() {
        assertThat(evaluate(event(ARRIVAL + SKEW))).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void shouldRejectEventOneMillisecondBeyondMaxFutureSkew() {
        assertThat(reason(evaluate(event(ARRIVAL + SKEW + 1)))).isEqualTo(RejectReason.TOO_FAR_IN_FUTURE);
    }

    @Test
    void shouldRejectEventWithoutEntityKey() {
        Map<String, Object> fields = event(ARRIVAL);
        fields.put("entity", null);

        assertThat(evaluate(fields)).isEqualTo(new Verdict.Rejected(RejectReason.MISSING_ENTITY_KEY,
                "source events record test.events/2@41 (arrival 1700000000000): entity key field entity is null"));
    }

    @Test
    void shouldRejectEventWithEmptyEntityKey() {
        Map<String, Object> fields = event(ARRIVAL);
        fields.put("entity", "");

        assertThat(reason(evaluate(fields))).isEqualTo(RejectReason.MISSING_ENTITY_KEY);
    }

    @Test
    void shouldRejectEventWithoutEventTime() {
        Map<String, Object> fields = event(ARRIVAL);
        fields.put("ts", null);

        assertThat(reason(evaluate(fields))).isEqualTo(RejectReason.MISSING_EVENT_TIME);
    }

    @Test
    void shouldRejectNaNInAFeatureColumnNamingTheColumn() {
        Map<String, Object> fields = event(ARRIVAL);
        fields.put("amount", Double.NaN);

        assertThat(evaluate(fields)).isEqualTo(new Verdict.Rejected(RejectReason.INVALID_VALUE,
                "source events record test.events/2@41 (arrival 1700000000000): column amount is NaN;"
                        + " aggregations take finite numbers only"));
    }

    @Test
    void shouldRejectInfinityInAFeatureColumn() {
        Map<String, Object> fields = event(ARRIVAL);
        fields.put("amount", Double.NEGATIVE_INFINITY);

        assertThat(reason(evaluate(fields))).isEqualTo(RejectReason.INVALID_VALUE);
    }

    @Test
    void shouldAcceptNullFeatureColumnsForFeaturesToSkip() {
        Map<String, Object> fields = event(ARRIVAL);
        fields.put("amount", null);
        fields.put("merchant", null);

        Verdict verdict = evaluate(fields);

        assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
        assertThat(((Verdict.Accepted) verdict).event().columnValues()).containsNull();
    }

    @Test
    void shouldCarryEntityOrderIdAndColumnValuesOfAcceptedEvent() {
        Verdict verdict = evaluate(event(ARRIVAL - 5));

        AcceptedEvent event = ((Verdict.Accepted) verdict).event();
        assertThat(event.entityKey()).isEqualTo("card-1");
        assertThat(event.order()).isEqualTo(new dev.lockstep.features.event.EventOrder(ARRIVAL - 5, ARRIVAL, 2, 41));
        assertThat(event.dedupKey()).contains(new DedupKey("card-1", "txn-7", ARRIVAL - 5));
        assertThat(event.columnValues()).containsExactly(12.5, 3L, "m01", "DE");
    }

    private static Map<String, Object> event(long eventTime) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("id", "txn-7");
        fields.put("entity", "card-1");
        fields.put("ts", eventTime);
        fields.put("amount", 12.5);
        fields.put("qty", 3);
        fields.put("merchant", "m01");
        fields.put("country", "DE");
        return fields;
    }

    private static Verdict evaluate(Map<String, Object> fields) {
        return RULES.evaluate(new MapEventView(fields), POSITION);
    }

    private static RejectReason reason(Verdict verdict) {
        return ((Verdict.Rejected) verdict).reason();
    }
}
