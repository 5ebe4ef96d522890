package dev.lockstep.features.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class DurationsProperties {

    /** Up to about 300 years in millis: far beyond any window, well inside Duration's range. */
    private static final long MAX_MILLIS = 10_000_000_000_000L;

    @Property(tries = 300)
    void formattedDurationShouldParseBackToItself(@ForAll @LongRange(min = 0, max = MAX_MILLIS) long millis) {
        Duration duration = Duration.ofMillis(millis);
        assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }

    @Property(tries = 100)
    void wholeUnitsShouldRoundTripThroughTheirLargestUnit(@ForAll @LongRange(min = 0, max = 100_000) long days) {
        Duration duration = Duration.ofDays(days);
        assertThat(Durations.format(Durations.parse(days + "d"))).isEqualTo(days == 0 ? "0s" : days + "d");
        assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }
}
