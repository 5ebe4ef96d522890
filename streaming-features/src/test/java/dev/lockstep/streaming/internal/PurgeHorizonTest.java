package dev.lockstep.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class PurgeHorizonTest {

    private static final Duration LATENESS = Duration.ofMinutes(10);
    private static final long T0 = 1_767_268_800_000L;
    private static final long MIN = 60_000;

    private final KeyValueStore<Bytes, byte[]> progress = TestStores.inMemory("progress");

    @Test
    void shouldPurgeTheMarginBehindStreamTimeAndRefuseEventsBeforeWhatThatPurgeDropped() {
        PurgeHorizon horizon = new PurgeHorizon(progress, Duration.ofMinutes(1), LATENESS);
        assertThat(horizon.isBeyond(Long.MIN_VALUE + 1)).as("nothing purged yet").isFalse();

        assertThat(horizon.purgeAt(T0 + 40 * MIN)).isEqualTo(T0 + 39 * MIN);

        assertThat(horizon.isBeyond(T0 + 29 * MIN - 1)).isTrue();
        assertThat(horizon.isBeyond(T0 + 29 * MIN)).isFalse();
    }

    @Test
    void shouldKeepThePurgePointForARestartedTask() {
        new PurgeHorizon(progress, Duration.ofMinutes(1), LATENESS).purgeAt(T0 + 40 * MIN);

        PurgeHorizon restarted = new PurgeHorizon(progress, Duration.ofMinutes(1), LATENESS);

        assertThat(restarted.isBeyond(T0 + 29 * MIN - 1)).isTrue();
        assertThat(restarted.isBeyond(T0 + 29 * MIN)).isFalse();
    }

    @Test
    void shouldNeverMoveThePurgePointBackWhenTheMarginGrowsAcrossARestart() {
        new PurgeHorizon(progress, Duration.ZERO, LATENESS).purgeAt(T0 + 40 * MIN);

        PurgeHorizon wider = new PurgeHorizon(progress, Duration.ofMinutes(5), LATENESS);

        // What the earlier purge dropped stays dropped: the wider margin counts from later stream times.
        assertThat(wider.purgeAt(T0 + 41 * MIN)).isEqualTo(T0 + 40 * MIN);
        assertThat(wider.isBeyond(T0 + 30 * MIN - 1)).isTrue();
        assertThat(wider.purgeAt(T0 + 50 * MIN)).isEqualTo(T0 + 45 * MIN);
    }

    @Test
    void shouldNotOverflowAtTheSmallestStreamTime() {
        PurgeHorizon horizon = new PurgeHorizon(progress, Duration.ofMinutes(1), LATENESS);

        long at = horizon.purgeAt(Long.MIN_VALUE + 5);

        assertThat(at).isGreaterThan(Long.MIN_VALUE);
        assertThat(horizon.isBeyond(Long.MIN_VALUE)).isFalse();
    }
}
