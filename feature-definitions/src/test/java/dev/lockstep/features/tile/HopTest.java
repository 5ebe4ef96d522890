package dev.lockstep.features.tile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HopTest {

    @Test
    void shouldUseFiveMinuteTilesBelowTwelveHours() {
        assertThat(Hop.forWindow(Duration.ofMinutes(10))).isEqualTo(Hop.FIVE_MINUTES);
        assertThat(Hop.forWindow(Duration.ofHours(12).minusMillis(1))).isEqualTo(Hop.FIVE_MINUTES);
    }

    @Test
    void shouldUseHourlyTilesFromTwelveHoursBelowTwelveDays() {
        assertThat(Hop.forWindow(Duration.ofHours(12))).isEqualTo(Hop.ONE_HOUR);
        assertThat(Hop.forWindow(Duration.ofDays(12).minusMillis(1))).isEqualTo(Hop.ONE_HOUR);
    }

    @Test
    void shouldUseDailyTilesFromTwelveDays() {
        assertThat(Hop.forWindow(Duration.ofDays(12))).isEqualTo(Hop.ONE_DAY);
        assertThat(Hop.forWindow(Duration.ofDays(30))).isEqualTo(Hop.ONE_DAY);
    }

    @Test
    void shouldPlaceNegativeEventTimesInTheTileThatCoversThem() {
        TileKey tile = TileKey.containing(Hop.FIVE_MINUTES, -1);

        assertThat(tile.index()).isEqualTo(-1);
        assertThat(tile.startMillis()).isEqualTo(-Hop.FIVE_MINUTES);
        assertThat(tile.endMillis()).isZero();
    }

    @Test
    void shouldCoverHalfOpenIntervalOfEventTimes() {
        TileKey tile = TileKey.containing(Hop.ONE_HOUR, 7_200_000);

        assertThat(tile).isEqualTo(new TileKey(Hop.ONE_HOUR, 2));
        assertThat(TileKey.containing(Hop.ONE_HOUR, 7_199_999).index()).isEqualTo(1);
        assertThat(tile.endMillis()).isEqualTo(10_800_000);
    }
}
