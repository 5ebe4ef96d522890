package dev.lockstep.parity.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeySampleTest {

    private static final List<String> KEYS = IntStream.range(0, 10_000).mapToObj(i -> "acct" + i).toList();

    @Test
    void shouldIncludeEveryKeyAtRatioOne() {
        assertThat(KEYS).allMatch(new KeySample(1.0)::includes);
    }

    @Test
    void shouldSampleAboutTheRatioOfKeysAndTheSameKeysEveryTime() {
        List<String> first = KEYS.stream().filter(new KeySample(0.1)::includes).toList();
        List<String> again = KEYS.stream().filter(new KeySample(0.1)::includes).toList();

        assertThat(first).isEqualTo(again);
        assertThat(first.size()).isBetween(900, 1_100);
    }

    @Test
    void shouldNestSamplesOfGrowingRatios() {
        List<String> small = KEYS.stream().filter(new KeySample(0.05)::includes).toList();
        List<String> large = KEYS.stream().filter(new KeySample(0.2)::includes).toList();

        assertThat(large).containsAll(small);
        assertThat(large.size()).isGreaterThan(small.size());
    }

    @Test
    void shouldRejectARatioOutsideZeroToOne() {
        assertThatThrownBy(() -> new KeySample(0.0)).hasMessageContaining("Invalid value 0.0 for sample ratio");
        assertThatThrownBy(() -> new KeySample(1.5)).hasMessageContaining("Invalid value 1.5 for sample ratio");
        assertThatThrownBy(() -> new KeySample(Double.NaN)).hasMessageContaining("Invalid value NaN");
    }
}
