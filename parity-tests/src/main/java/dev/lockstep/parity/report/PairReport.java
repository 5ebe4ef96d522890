package dev.lockstep.parity.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Every feature of one comparison: the values of {@code actual} against those of {@code expected}. */
public record PairReport(String expected, String actual, List<FeatureParity> features) {

    public PairReport {
        features = List.copyOf(features);
    }

    @JsonProperty("clean")
    public boolean clean() {
        return features.stream().allMatch(FeatureParity::clean);
    }

    public FeatureParity feature(String name) {
        return features.stream().filter(f -> f.feature().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no feature " + name + " in " + actual + " vs " + expected
                        + "; it has " + features.stream().map(FeatureParity::feature).toList()));
    }

    public long totalDifferences() {
        return features.stream().mapToLong(f -> f.mismatched() + f.missing() + f.extra()).sum();
    }
}
