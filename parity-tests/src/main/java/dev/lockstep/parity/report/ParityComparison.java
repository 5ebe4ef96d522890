package dev.lockstep.parity.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Compares what two paths produced, row by row and feature by feature, and rejections by position. */
public final class ParityComparison {

    /** Stands for the side that has no value for a row. */
    public static final String ABSENT = "<absent>";
    /** Differing rows kept as examples per feature. */
    public static final int EXAMPLES = 5;

    private ParityComparison() {
    }

    /**
     * Feature values of {@code actual} against {@code expected}. Features are named {@code group.feature} and
     * listed in first-seen order.
     */
    public static PairReport compare(SideValues expected, SideValues actual) {
        Set<RowKey> rows = new TreeSet<>(expected.rows().keySet());
        rows.addAll(actual.rows().keySet());
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (RowKey row : rows) {
            Map<String, Object> want = expected.rows().get(row);
            Map<String, Object> got = actual.rows().get(row);
            Set<String> features = new LinkedHashSet<>();
            if (want != null) {
                features.addAll(want.keySet());
            }
            if (got != null) {
                features.addAll(got.keySet());
            }
            for (String feature : features) {
                Tally tally = tallies.computeIfAbsent(row.group() + "." + feature, name -> new Tally());
                boolean hasWant = want != null && want.containsKey(feature);
                boolean hasGot = got != null && got.containsKey(feature);
                tally.rows++;
                if (!hasGot) {
                    tally.missing++;
                    tally.example(row, want.get(feature), ABSENT);
                } else if (!hasWant) {
                    tally.extra++;
                    tally.example(row, ABSENT, got.get(feature));
                } else if (!FeatureValueEquality.same(want.get(feature), got.get(feature))) {
                    tally.mismatched++;
                    tally.example(row, want.get(feature), got.get(feature));
                }
            }
        }
        List<FeatureParity> out = new ArrayList<>();
        tallies.forEach((feature, t) -> out.add(new FeatureParity(feature, t.rows, t.mismatched, t.missing, t.extra,
                t.examples)));
        return new PairReport(expected.name(), actual.name(), out);
    }

    /**
     * Rejections of {@code actual} against {@code expected}, each a map from record position
     * ({@code topic/partition@offset}) to reason code.
     */
    public static RejectionParity compareRejections(String expectedName, Map<String, String> expected,
                                                    String actualName, Map<String, String> actual) {
        Set<String> positions = new TreeSet<>(expected.keySet());
        positions.addAll(actual.keySet());
        Tally tally = new Tally();
        for (String position : positions) {
            String want = expected.get(position);
            String got = actual.get(position);
            if (got == null) {
                tally.missing++;
                tally.example(position, want, ABSENT);
            } else if (want == null) {
                tally.extra++;
                tally.example(position, ABSENT, got);
            } else if (!want.equals(got)) {
                tally.mismatched++;
                tally.example(position, want, got);
            }
        }
        return new RejectionParity(expectedName, actualName, expected.size(), actual.size(), tally.mismatched,
                tally.missing, tally.extra, tally.examples);
    }

    /** Sorted copy of a rejection map, for stable reports. */
    public static Map<String, String> sorted(Map<String, String> rejections) {
        return new TreeMap<>(rejections);
    }

    private static final class Tally {
        long rows;
        long mismatched;
        long missing;
        long extra;
        final List<FeatureParity.Difference> examples = new ArrayList<>();

        void example(Object row, Object expected, Object actual) {
            if (examples.size() < EXAMPLES) {
                examples.add(new FeatureParity.Difference(row.toString(), expected, actual));
            }
        }
    }
}
