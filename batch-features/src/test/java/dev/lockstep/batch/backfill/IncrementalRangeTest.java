package dev.lockstep.batch.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.features.agg.AggregationKind;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecBuilder;
import dev.lockstep.features.spec.GroupBuilder;
import dev.lockstep.features.tile.TileKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class IncrementalRangeTest {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long W = 1_700_000_000_000L;

    /**
     * The chain of scheduled runs misses no tile: every tile that closes after the last run's watermark
     * and by the next run's end is complete in the next run's range (the recompute's own rule), for any
     * lateness, future skew, windows, watermark and run length.
     */
    @Property(tries = 300)
    void shouldMakeEveryTileThatClosedSinceTheWatermarkCompleteInTheNextRange(
            @ForAll @IntRange(min = 0, max = 180) int latenessMinutes,
            @ForAll @IntRange(min = 0, max = 90) int skewMinutes,
            @ForAll("windows") List<Duration> windows,
            @ForAll @LongRange(min = 0, max = 3 * DAY) long offset,
            @ForAll @LongRange(min = 1, max = 3 * DAY) long runLength) {
        long watermark = W + offset;
        long to = watermark + runLength;
        FeatureSpec spec = spec(Duration.ofMinutes(latenessMinutes), Duration.ofMinutes(skewMinutes), windows);
        SourcePlan source = SourcePlan.compile(spec, "s");
        GroupPlan group = source.group("g");

        ArchiveRange range = IncrementalRange.next(Map.of("g", IncrementalRange.lookBackMillis(source.source(), group)),
                Map.of("g", watermark), OptionalLong.empty(), to).orElseThrow();

        assertThat(range.toMillis()).isEqualTo(to);
        long skew = skewMinutes * MINUTE;
        for (long hop : group.hops()) {
            for (long index = Math.floorDiv(watermark - latenessMinutes * MINUTE, hop) - 2; index * hop <= to; index++) {
                TileKey tile = new TileKey(hop, index);
                if (group.isClosed(tile, to) && !group.isClosed(tile, watermark)) {
                    assertThat(range.missesNoEventFrom(tile.startMillis(), skew))
                            .as("%s closed in (watermark, to] is complete in %s", tile, range).isTrue();
                }
            }
        }
    }

    @Test
    void shouldLookBackLatenessPlusSkewPlusTheLongestHop() {
        SourcePlan source = SourcePlan.compile(spec(Duration.ofMinutes(10), Duration.ofMinutes(1),
                List.of(Duration.ofMinutes(10), Duration.ofDays(30))), "s");

        assertThat(IncrementalRange.lookBackMillis(source.source(), source.group("g"))).isEqualTo(11 * MINUTE + DAY);
    }

    @Test
    void shouldStartAtTheEarliestLookBackOfTheGroupsBehind() {
        var range = IncrementalRange.next(Map.of("a", HOUR, "b", DAY, "c", MINUTE),
                Map.of("a", W, "b", W + 2 * DAY, "c", W + 5 * DAY), OptionalLong.empty(), W + 3 * DAY);

        // c is already past the end: its look-back does not count
        assertThat(range).contains(new ArchiveRange(W - HOUR, W + 3 * DAY));
    }

    @Test
    void shouldStartAGroupWithoutAWatermarkAtTheGivenFirstStart() {
        var range = IncrementalRange.next(Map.of("a", HOUR, "b", HOUR), Map.of("a", W), OptionalLong.of(W - DAY), W + HOUR);

        assertThat(range).contains(new ArchiveRange(W - DAY, W + HOUR));
    }

    @Test
    void shouldHaveNothingToDoWhenEveryWatermarkIsAtOrPastTheEnd() {
        assertThat(IncrementalRange.next(Map.of("a", HOUR, "b", HOUR), Map.of("a", W, "b", W + 1), OptionalLong.empty(), W))
                .isEmpty();
    }

    @Test
    void shouldNameTheGroupThatHasNoWatermarkAndNoFirstStart() {
        assertThatThrownBy(() -> IncrementalRange.next(Map.of("a", HOUR, "b", HOUR), Map.of("a", W), OptionalLong.empty(), W + HOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group b has no batch watermark yet (never backfilled): its first incremental run needs a start (--from)");
        assertThatThrownBy(() -> IncrementalRange.next(Map.of("b", HOUR), Map.of(), OptionalLong.of(W + HOUR), W + HOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group b has no batch watermark yet, and its first run's start 2023-11-14T23:13:20Z"
                        + " is not before the run's end 2023-11-14T23:13:20Z");
    }

    @Provide
    Arbitrary<List<Duration>> windows() {
        return Arbitraries.of(Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(12), Duration.ofHours(24),
                Duration.ofDays(30)).list().ofMinSize(1).ofMaxSize(4).uniqueElements();
    }

    private static FeatureSpec spec(Duration lateness, Duration skew, List<Duration> windows) {
        return FeatureSpecBuilder.create()
                .source("s", s -> s.topic("t").schema("classpath:schemas/Transaction.avsc")
                        .entityKey("card_id").eventTime("event_time").allowedLateness(lateness).maxFutureSkew(skew))
                .group("g", g -> features(g.source("s").freshness(Duration.ofDays(1)), windows))
                .build();
    }

    private static GroupBuilder features(GroupBuilder group, List<Duration> windows) {
        for (int i = 0; i < windows.size(); i++) {
            group.feature("f" + i, AggregationKind.SUM, "amount", windows.get(i));
        }
        return group;
    }
}
