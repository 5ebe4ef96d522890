package dev.lockstep.features.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.FeatureException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void shouldParseEveryUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("30d")).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void shouldParseZeroBecauseCallersDecideWhetherItIsAllowed() {
        assertThat(Durations.parse("0s")).isZero();
        assertThat(Durations.parse("0m")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10 minutes", "10", "m", "-5m", "1.5h", "10M", " 10m", "1h30m", "PT10M", ""})
    void shouldRejectTextThatIsNotIntegerAndUnit(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(FeatureException.class)
                .hasMessage("expected a duration such as 10m, 1h or 30d, got '" + text + "'");
    }

    @Test
    void shouldRejectDurationTooLargeToRepresent() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999d"))
                .isInstanceOf(FeatureException.class)
                .hasMessage("duration '99999999999999999999d' is too large");
    }

    @Test
    void shouldFormatInTheLargestExactUnit() {
        assertThat(Durations.format(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofHours(48))).isEqualTo("2d");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void shouldRefuseToFormatWhatTheSpecCannotExpress() {
        assertThatThrownBy(() -> Durations.format(Duration.ofMinutes(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.format(Duration.ofNanos(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
