package dev.lockstep.parity.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.parity.harness.ParitySpec;
import dev.lockstep.parity.harness.Payments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worked examples of docs/semantics.md, computed by the oracle from raw records. */
class OracleTest {

    private static final long NOON = Instant.parse("2024-01-01T12:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    private final Payments payments = new Payments();
    private final List<RawRecord> records = new ArrayList<>();

    private void arrive(long arrival, String id, long eventTime, double amount) {
        records.add(new RawRecord(Payments.key("a"), payments.encode(Payments.record(id, "a", eventTime, amount, null,
                "m", "DE")), ParitySpec.TOPIC, 0, records.size(), arrival));
    }

    private Map<String, Object> at(long t) {
        return new Oracle(ParitySpec.SPEC, ParitySpec.SOURCE, payments::schemaById, OracleRules.CONTRACT, records)
                .valuesAt("account_activity", "a", t);
    }

    @Test
    void shouldQuantizeTheTailToTheHop() {
        arrive(NOON - 4 * MINUTE, "in", NOON - 4 * MINUTE, 1.0);   // 11:56
        arrive(NOON - 6 * MINUTE, "out", NOON - 6 * MINUTE, 1.0);  // 11:54

        assertThat(at(NOON + 7 * MINUTE).get("payments_10m")).isEqualTo(1L); // tail 11:55
        assertThat(at(NOON + 4 * MINUTE).get("payments_10m")).isEqualTo(2L); // tail 11:50
        assertThat(at(NOON + 10 * MINUTE).get("payments_10m")).isEqualTo(0L); // tail 12:00
    }

    @Test
    void shouldCountAnEventFromItsArrivalOn() {
        arrive(NOON + 5 * MINUTE, "p", NOON, 1.0);

        assertThat(at(NOON + 5 * MINUTE - 1).get("payments_10m")).isEqualTo(0L);
        assertThat(at(NOON + 5 * MINUTE).get("payments_10m")).isEqualTo(1L);
    }

    @Test
    void shouldRejectAnEventElevenMinutesLateAndAcceptOneNine() {
        arrive(NOON + 20 * MINUTE, "late", NOON + 9 * MINUTE, 1.0);
        arrive(NOON + 20 * MINUTE, "ok", NOON + 11 * MINUTE, 1.0);

        Oracle oracle = new Oracle(ParitySpec.SPEC, ParitySpec.SOURCE, payments::schemaById, OracleRules.CONTRACT, records);

        assertThat(oracle.rejections()).containsExactly(Map.entry(ParitySpec.TOPIC + "/0@0", "TOO_LATE"));
        assertThat(oracle.valuesAt("account_activity", "a", NOON + 20 * MINUTE).get("payments_10m")).isEqualTo(1L);
    }

    @Test
    void shouldKeepTheFirstArrivingCopyOfADuplicate() {
        arrive(NOON + MINUTE, "p", NOON, 10.0);
        arrive(NOON + 2 * MINUTE, "p", NOON, 99.0);

        assertThat(at(NOON + 3 * MINUTE)).containsEntry("payments_10m", 1L).containsEntry("amount_sum_1h", 10.0);
    }

    @Test
    void shouldReadEachWindowAcrossHops() {
        arrive(NOON - 20 * 60 * MINUTE, "old", NOON - 20 * 60 * MINUTE, 5.0);
        arrive(NOON, "new", NOON, 7.0);

        assertThat(at(NOON)).containsEntry("amount_sum_1h", 7.0).containsEntry("amount_min_24h", 5.0)
                .containsEntry("amount_mean_30d", 6.0).containsEntry("amount_var_30d", 1.0);
    }
}
