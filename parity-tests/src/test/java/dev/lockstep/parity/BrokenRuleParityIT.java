package dev.lockstep.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.batch.archive.ArchiveWriter;
import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.parity.harness.BatchSide;
import dev.lockstep.parity.harness.OracleSide;
import dev.lockstep.parity.harness.ParitySpec;
import dev.lockstep.parity.harness.Payments;
import dev.lockstep.parity.harness.TestSpark;
import dev.lockstep.parity.oracle.Oracle;
import dev.lockstep.parity.oracle.OracleRules;
import dev.lockstep.parity.oracle.RawRecord;
import dev.lockstep.parity.report.PairReport;
import dev.lockstep.parity.report.ParityComparison;
import dev.lockstep.parity.report.ParityReport;
import dev.lockstep.parity.report.RejectionParity;
import dev.lockstep.parity.report.SideValues;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof that the suite can fail: hand-made records whose values are known, run through the batch path,
 * compared with the contract oracle (no difference) and with oracles that break one rule through a
 * test-only hook ({@link OracleRules}): the report shows exactly the rows the broken rule changes.
 */
class BrokenRuleParityIT {

    private static final long T0 = Instant.parse("2024-01-01T12:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final List<Long> READ_TIMES = List.of(T0 + 5_000, T0 + 6_000, T0 + 100_000, T0 + 120 * MINUTE);
    private static final List<String> ENTITIES = List.of("a", "b", "c");
    private static final Path REPORTS = Path.of(System.getProperty("parity.reportDir", "target/parity"));

    private static SparkSession spark;
    private static Payments payments;
    private static List<RawRecord> raw;
    private static SideValues batchValues;
    private static Map<String, String> batchRejections;

    @BeforeAll
    static void runBatchOverTheHandMadeArchive(@TempDir Path archive) {
        payments = new Payments();
        Map<RecordPosition, GenericRecord> records = new LinkedHashMap<>();
        // a: three amounts whose naive sum 0.1 + 0.2 + 0.3 is 0.6000000000000001; the exact sum rounds to 0.6.
        records.put(at(0, T0 + 2_000), Payments.record("p0", "a", T0 + 1_000, 0.1, 2L, "m1", "DE"));
        records.put(at(1, T0 + 4_000), Payments.record("p1", "a", T0 + 3_000, 0.2, null, "m2", "FR"));
        records.put(at(2, T0 + 6_000), Payments.record("p2", "a", T0 + 5_000, 0.3, 5L, "m1", null));
        // b: one event exactly at the lateness bound (event time = arrival - 10m): accepted by the contract.
        records.put(at(3, T0 + 60_000), Payments.record("p3", "b", T0 + 60_000 - 10 * MINUTE, 1.0, null, "m1", "DE"));
        records.put(at(4, T0 + 62_000), Payments.record("p4", "b", T0 + 61_000, 2.0, null, "m2", "FR"));
        // A later copy of p0 (not folded) and a record 20 minutes late (rejected).
        records.put(at(5, T0 + 7_000), Payments.record("p0", "a", T0 + 1_000, 99.0, 7L, "m9", "US"));
        records.put(at(6, T0 + 8_000), Payments.record("p6", "c", T0 - 20 * MINUTE, 5.0, 1L, "m3", "NL"));

        raw = new ArrayList<>();
        try (ArchiveWriter writer = new ArchiveWriter(archive, ParitySpec.TOPIC, ParitySpec.SCHEMA, 3)) {
            records.forEach((position, record) -> {
                writer.write(ArchivedRecord.decoded(position, Payments.key("k"), record));
                raw.add(new RawRecord(Payments.key("k"), payments.encode(record), position.topic(),
                        position.partition(), position.offset(), position.arrivalMillis()));
            });
        }
        spark = TestSpark.session();
        BatchSide batch = new BatchSide(spark, archive.toString(), READ_TIMES.get(READ_TIMES.size() - 1));
        batchValues = batch.trainingRows("batch", List.copyOf(ParitySpec.SPEC.groups().keySet()), ENTITIES, READ_TIMES);
        batchRejections = batch.rejections();
    }

    private static RecordPosition at(long offset, long arrival) {
        return new RecordPosition(ParitySpec.TOPIC, 0, offset, arrival);
    }

    private static ParityReport compareWith(OracleRules rules, String name) {
        Oracle oracle = new Oracle(ParitySpec.SPEC, ParitySpec.SOURCE, payments::schemaById, rules, raw);
        SideValues expected = OracleSide.values("oracle", oracle, ENTITIES, READ_TIMES);
        PairReport values = ParityComparison.compare(expected, batchValues);
        RejectionParity rejections = ParityComparison.compareRejections("oracle", oracle.rejections(), "batch",
                batchRejections);
        ParityReport report = new ParityReport(name, List.of(values), List.of(rejections));
        report.write(REPORTS, name);
        return report;
    }

    @Test
    void shouldFindNoDifferenceBetweenBatchAndTheContractOracle() {
        ParityReport report = compareWith(OracleRules.CONTRACT, "broken-rule-none");

        assertThat(report.clean()).as(report.summary()).isTrue();
        assertThat(batchValues.size()).isEqualTo(READ_TIMES.size() * ENTITIES.size() * 2);
        assertThat(batchRejections).containsExactly(Map.entry(ParitySpec.TOPIC + "/0@6", "TOO_LATE"));
        assertThat(batchValues.rows().get(new dev.lockstep.parity.report.RowKey(T0 + 6_000, "account_activity", "a"))
                .get("amount_sum_1h")).isEqualTo(0.6);
    }

    @Test
    void shouldReportExactlyTheRowsANaiveDoubleSumChanges() {
        ParityReport report = compareWith(OracleRules.NAIVE_DOUBLE_SUM, "broken-rule-naive-sum");

        PairReport values = report.pairs().get(0);
        assertThat(report.clean()).isFalse();
        // a at T0+6s and T0+100s: 0.6000000000000001 against 0.6; every other row and feature agrees.
        assertThat(values.feature("account_activity.amount_sum_1h").mismatched()).isEqualTo(2);
        assertThat(values.feature("account_activity.amount_sum_1h").examples().get(0).expected())
                .isEqualTo(0.6000000000000001);
        assertThat(values.totalDifferences()).isEqualTo(2);
        assertThat(report.rejections().get(0).clean()).isTrue();
    }

    @Test
    void shouldReportTheRecordAndRowsAnOffByOneLatenessBoundChanges() {
        ParityReport report = compareWith(OracleRules.OFF_BY_ONE_LATENESS, "broken-rule-lateness");

        RejectionParity rejections = report.rejections().get(0);
        assertThat(rejections.missing()).isEqualTo(1); // the oracle rejects b's p3, batch accepts it
        assertThat(rejections.examples().get(0).row()).isEqualTo(ParitySpec.TOPIC + "/0@3");
        assertThat(rejections.extra()).isZero();
        assertThat(rejections.wrongReason()).isZero();
        PairReport values = report.pairs().get(0);
        Map<String, Long> mismatched = new LinkedHashMap<>();
        values.features().stream().filter(f -> f.mismatched() > 0)
                .forEach(f -> mismatched.put(f.feature(), f.mismatched()));
        // p3 is visible from T0+60s: at T0+100s in every window, at T0+2h only in the 24h and 30d ones.
        assertThat(mismatched).containsExactlyInAnyOrderEntriesOf(Map.of(
                "account_activity.payments_10m", 1L,
                "account_activity.amount_sum_1h", 1L,
                "account_activity.recent_merchants", 1L,
                "account_activity.amount_min_24h", 2L,
                "account_activity.merchants_24h", 2L,
                "account_activity.first_country_24h", 2L,
                "account_activity.amount_mean_30d", 2L,
                "account_activity.amount_var_30d", 2L,
                "account_activity.amount_stddev_30d", 2L));
        assertThat(values.totalDifferences()).isEqualTo(15);
    }
}
