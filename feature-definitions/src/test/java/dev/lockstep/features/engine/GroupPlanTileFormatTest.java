package dev.lockstep.features.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.agg.TileCodec;
import dev.lockstep.features.oracle.TestSpecs;
import dev.lockstep.features.spec.FeatureDefinition;
import dev.lockstep.features.spec.FeatureGroupSpec;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.tile.Hop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The tile format: what stored tiles and a plan must agree on to be read together. */
class GroupPlanTileFormatTest {

    private static final GroupPlan GROUP = plan(TestSpecs.everyAggregation());

    @Test
    void shouldNameEveryHopWithTheFingerprintsOfItsFeaturesInTileOrder() {
        String format = GROUP.tileFormat();

        assertThat(format).isEqualTo(Hop.FIVE_MINUTES + "=" + GROUP.codecFor(Hop.FIVE_MINUTES).format()
                + " " + Hop.ONE_HOUR + "=" + GROUP.codecFor(Hop.ONE_HOUR).format()
                + " " + Hop.ONE_DAY + "=" + GROUP.codecFor(Hop.ONE_DAY).format());
        List<FeatureDefinition> fiveMinutes = GROUP.features().stream()
                .filter(feature -> Hop.forWindow(feature.window()) == Hop.FIVE_MINUTES).toList();
        assertThat(fiveMinutes).hasSizeGreaterThan(1);
        assertThat(GROUP.codecFor(Hop.FIVE_MINUTES).format()).isEqualTo("v" + TileCodec.FORMAT_VERSION + ":"
                + String.join(",", fiveMinutes.stream().map(f -> String.format("%08x", TileCodec.fingerprint(f))).toList()));
    }

    @Test
    void shouldBeTheSameForAnEqualGroupPlannedAgain() {
        assertThat(plan(TestSpecs.everyAggregation()).tileFormat()).isEqualTo(GROUP.tileFormat());
    }

    @Test
    void shouldChangeWhenAFeatureIsRedefinedAddedRemovedOrReordered() {
        List<UnaryOperator<List<FeatureDefinition>>> changes = List.of(
                features -> replace(features, 2, new FeatureDefinition("amount_sum_1h", features.get(2).aggregation(),
                        features.get(2).column(), features.get(2).inputType(), Duration.ofMinutes(90), 0)),
                features -> replace(features, 2, new FeatureDefinition("amount_total_1h", features.get(2).aggregation(),
                        features.get(2).column(), features.get(2).inputType(), features.get(2).window(), 0)),
                features -> features.subList(1, features.size()),
                features -> {
                    List<FeatureDefinition> swapped = new ArrayList<>(features);
                    Collections.swap(swapped, 1, 2);
                    return swapped;
                });

        for (UnaryOperator<List<FeatureDefinition>> change : changes) {
            assertThat(plan(withFeatures(change)).tileFormat()).isNotEqualTo(GROUP.tileFormat());
        }
    }

    private static List<FeatureDefinition> replace(List<FeatureDefinition> features, int index, FeatureDefinition with) {
        List<FeatureDefinition> changed = new ArrayList<>(features);
        changed.set(index, with);
        return changed;
    }

    private static FeatureSpec withFeatures(UnaryOperator<List<FeatureDefinition>> change) {
        FeatureSpec spec = TestSpecs.everyAggregation();
        FeatureGroupSpec group = spec.groups().get(TestSpecs.GROUP);
        FeatureGroupSpec changed = new FeatureGroupSpec(group.name(), group.source(), group.freshness(),
                change.apply(group.features()));
        return new FeatureSpec(spec.sources(), Map.of(TestSpecs.GROUP, changed), spec.services());
    }

    private static GroupPlan plan(FeatureSpec spec) {
        return SourcePlan.compile(spec, TestSpecs.SOURCE).group(TestSpecs.GROUP);
    }
}
