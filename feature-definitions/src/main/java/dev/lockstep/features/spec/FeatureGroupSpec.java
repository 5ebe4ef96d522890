package dev.lockstep.features.spec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Features computed from one source, keyed by its entity key, stored together (one Redis hash per
 * group and entity). Freshness is the promise serving checks: a group whose pipeline has not caught up
 * within it is stale.
 */
public record FeatureGroupSpec(String name, String source, Duration freshness, List<FeatureDefinition> features) {

    /** Groups at least this loose are computed by batch alone; tighter ones by streaming too. */
    public static final Duration BATCH_ONLY_FRESHNESS = Duration.ofHours(1);

    public FeatureGroupSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(freshness, "freshness");
        features = List.copyOf(features);
    }

    /** Whether streaming keeps this group fresh (else scheduled batch runs do). */
    public boolean isStreamed() {
        return freshness.compareTo(BATCH_ONLY_FRESHNESS) < 0;
    }

    public Optional<FeatureDefinition> feature(String featureName) {
        return features.stream().filter(f -> f.name().equals(featureName)).findFirst();
    }

    /** The longest window of the group's features. */
    public Duration longestWindow() {
        return features.stream().map(FeatureDefinition::window).max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
