package dev.lockstep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The contract on the in-memory twin, plus the clock-driven key expiry only it can show quickly. */
class InMemoryOnlineStoreTest extends OnlineStoreContract {

    @Override
    protected OnlineStore newStore(List<GroupLayout> layouts, MutableClock clock, MeterRegistry meters) {
        return new InMemoryOnlineStore(layouts, clock, meters);
    }

    @Override
    protected OptionalLong remainingTtlMillis(String group, String entityKey) {
        return ((InMemoryOnlineStore) store).remainingTtlMillis(group, entityKey);
    }

    @Test
    void shouldForgetAnEntityOnceItsKeyTtlHasPassed() {
        store.writeTiles(List.of(write("c1", tileAt(HOP_1D, START), 1, "x")));

        clock.advance(TTL.minus(Duration.ofMillis(1)));
        assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").isEmpty()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseCallsAfterClose() {
        store.close();

        assertThatThrownBy(() -> store.readTiles(GROUP, List.of("c1")))
                .isInstanceOf(OnlineStoreException.class).hasMessageContaining("readTiles").hasMessageContaining("closed");
    }
}
