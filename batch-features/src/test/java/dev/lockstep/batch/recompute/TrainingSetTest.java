package dev.lockstep.batch.recompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrainingSetTest {

    private static final SourcePlan SOURCE = SpecHandle.ofResource("examples/fraud/features.yaml").plan("transactions");
    private static final GroupPlan PLAN = SOURCE.group("card_txn");
    private static final long MINUTE = 60_000L;
    private static final long DAY = 1_440 * MINUTE;

    @Test
    void shouldFindPerHopTheOldestTileTheLongestWindowOfThatHopReads() {
        long t = Instant.parse("2026-01-31T10:17:00Z").toEpochMilli();

        // 10m and 1h windows on 5-minute tiles, 24h on hourly tiles, 30d on daily tiles: each tail quantized down.
        assertThat(TrainingSet.oldestTilesRead(PLAN, t)).containsExactly(
                entry(5 * MINUTE, Instant.parse("2026-01-31T09:15:00Z").toEpochMilli()),
                entry(60 * MINUTE, Instant.parse("2026-01-30T10:00:00Z").toEpochMilli()),
                entry(DAY, Instant.parse("2026-01-01T00:00:00Z").toEpochMilli()));
    }

    @Test
    void shouldStartTheLookBackAtTheOldestTileOpenAtTheFirstLabelLessTheSkew() {
        long t = Instant.parse("2026-01-31T10:17:00Z").toEpochMilli();
        long justAfterMidnight = Instant.parse("2026-01-31T00:04:00Z").toEpochMilli();

        // The day's tile is open at t; just after midnight, the day before's still is (10 minutes of lateness).
        assertThat(OpenTileReach.earliestArrival(SOURCE.source(), PLAN, t))
                .isEqualTo(Instant.parse("2026-01-30T23:59:00Z").toEpochMilli());
        assertThat(OpenTileReach.earliestArrival(SOURCE.source(), PLAN, justAfterMidnight))
                .isEqualTo(Instant.parse("2026-01-29T23:59:00Z").toEpochMilli());
        assertThat(OpenTileReach.millis(SOURCE.source(), PLAN)).isEqualTo(10 * MINUTE + MINUTE + DAY);
    }

    @Test
    void shouldNotStartTheLookBackBeforeTheTilesNorEndItBeforeTheLastLabel() {
        ArchiveRange tiles = new ArchiveRange(0, 40 * DAY);

        assertThat(TrainingSet.lookBackRange(tiles, 29 * DAY, 30 * DAY, 35 * DAY))
                .isEqualTo(new ArchiveRange(29 * DAY, 35 * DAY + 1));
        assertThat(TrainingSet.lookBackRange(tiles, -DAY, DAY / 2, 35 * DAY)).isEqualTo(new ArchiveRange(0, 35 * DAY + 1));
        // Labels after the tiles' end: the look-back runs on to the last one.
        assertThat(TrainingSet.lookBackRange(tiles, 39 * DAY, 41 * DAY, 45 * DAY))
                .isEqualTo(new ArchiveRange(39 * DAY, 45 * DAY + 1));
        assertThatThrownBy(() -> TrainingSet.lookBackRange(new ArchiveRange(DAY, 40 * DAY), 0, DAY / 2, 35 * DAY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start before the tiles' arrival range");
    }

    @Test
    void shouldLookBackFromTheFirstLabelOrFromTheTilesEndIfThatIsEarlier() {
        ArchiveRange tiles = new ArchiveRange(0, 40 * DAY);

        assertThat(TrainingSet.lookBackAt(tiles, 30 * DAY)).isEqualTo(30 * DAY);
        assertThat(TrainingSet.lookBackAt(tiles, 41 * DAY)).isEqualTo(40 * DAY);
    }
}
