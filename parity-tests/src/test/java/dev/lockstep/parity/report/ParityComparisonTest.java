package dev.lockstep.parity.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParityComparisonTest {

    private static Map<String, Object> values(Object count, Object sum) {
        Map<String, Object> v = new HashMap<>();
        v.put("count", count);
        v.put("sum", sum);
        return v;
    }

    @Test
    void shouldCountMismatchedMissingAndExtraRowsPerFeature() {
        SideValues expected = new SideValues("oracle")
                .put(new RowKey(1, "g", "a"), values(1L, 0.6))
                .put(new RowKey(1, "g", "b"), values(2L, 1.0))
                .put(new RowKey(2, "g", "a"), values(0L, 0.0));
        SideValues actual = new SideValues("served")
                .put(new RowKey(1, "g", "a"), values(1L, 0.6000000000000001))
                .put(new RowKey(2, "g", "a"), values(0L, -0.0))
                .put(new RowKey(2, "g", "z"), values(5L, 5.0));

        PairReport report = ParityComparison.compare(expected, actual);

        assertThat(report.feature("g.count")).extracting(FeatureParity::rows, FeatureParity::mismatched,
                FeatureParity::missing, FeatureParity::extra).containsExactly(4L, 0L, 1L, 1L);
        assertThat(report.feature("g.sum")).extracting(FeatureParity::rows, FeatureParity::mismatched,
                FeatureParity::missing, FeatureParity::extra).containsExactly(4L, 2L, 1L, 1L);
        assertThat(report.feature("g.sum").mismatchRatio()).isEqualTo(1.0);
        assertThat(report.feature("g.count").mismatchRatio()).isEqualTo(0.5);
        assertThat(report.feature("g.sum").examples().get(0))
                .isEqualTo(new FeatureParity.Difference("g/a@1", 0.6, 0.6000000000000001));
    }

    @Test
    void shouldTellSignedZerosLongsAndDoublesAndListsApart() {
        assertThat(FeatureValueEquality.same(0.0, -0.0)).isFalse();
        assertThat(FeatureValueEquality.same(1L, 1.0)).isFalse();
        assertThat(FeatureValueEquality.same(List.of("m1", "m2"), List.of("m1", "m2"))).isTrue();
        assertThat(FeatureValueEquality.same(List.of("m1", "m2"), List.of("m2", "m1"))).isFalse();
        assertThat(FeatureValueEquality.same(null, null)).isTrue();
        assertThat(FeatureValueEquality.same(null, 0L)).isFalse();
    }

    @Test
    void shouldCompareRejectionsByPositionAndReason() {
        RejectionParity parity = ParityComparison.compareRejections("oracle",
                Map.of("t/0@1", "TOO_LATE", "t/0@2", "UNDECODABLE", "t/1@7", "INVALID_VALUE"),
                "dlq", Map.of("t/0@1", "TOO_LATE", "t/0@2", "UNKNOWN_SCHEMA", "t/2@9", "TOO_LATE"));

        assertThat(parity).extracting(RejectionParity::expectedCount, RejectionParity::actualCount,
                RejectionParity::wrongReason, RejectionParity::missing, RejectionParity::extra)
                .containsExactly(3L, 3L, 1L, 1L, 1L);
        assertThat(parity.clean()).isFalse();
    }

    @Test
    void shouldWriteJsonAndASummaryThatNameTheDifferingFeature(@TempDir Path dir) throws Exception {
        SideValues expected = new SideValues("oracle").put(new RowKey(1, "g", "a"), values(1L, 0.6));
        SideValues actual = new SideValues("batch").put(new RowKey(1, "g", "a"), values(1L, 0.7));
        ParityReport report = new ParityReport("unit", List.of(ParityComparison.compare(expected, actual)), List.of());

        Path json = report.write(dir, "unit");

        assertThat(Files.readString(json)).contains("\"feature\" : \"g.sum\"", "\"mismatched\" : 1",
                "\"mismatchRatio\" : 1.0", "\"clean\" : false");
        assertThat(Files.readString(dir.resolve("unit.txt"))).startsWith("unit: MISMATCH")
                .contains("g.sum: 1 mismatched, 0 missing, 0 extra of 1 rows");
    }
}
