package dev.lockstep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.testing.redis.RedisServerExtension;
import dev.lockstep.testing.redis.RedisServerProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis going away and coming back under a live store instance. */
class RedisOnlineStoreOutageIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final String GROUP = "card_txn";
    private static final long HOP = 300_000;
    private static final List<GroupLayout> LAYOUTS = List.of(
            new GroupLayout(GROUP, Duration.ofHours(3), Map.of(HOP, Duration.ofHours(2))));
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);

    private final Clock clock = Clock.systemUTC();

    private TileWrite tile(long version) {
        return new TileWrite(GROUP, "c1", TileKey.containing(HOP, clock.millis()), version, new byte[] {(byte) version});
    }

    @Test
    void shouldFailFastWhileRedisIsDownAndRecoverWithTheSameInstance() throws InterruptedException {
        RedisStoreConfig config = RedisStoreConfig.of(REDIS.uri()).withCommandTimeout(COMMAND_TIMEOUT);
        RedisServerProcess restarted = null;
        try (OnlineStore store = RedisOnlineStore.connect(config, LAYOUTS, clock, null)) {
            assertThat(store.writeTiles(List.of(tile(1))).written()).isEqualTo(1);

            REDIS.server().kill();
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.writeTiles(List.of(tile(2))))
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("writeTiles")
                    .hasMessageContaining("ls:v1:{card_txn:c1}")
                    .hasMessageContaining("entity c1");
            assertThatThrownBy(() -> store.readTiles(GROUP, List.of("c1")))
                    .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("readTiles");
            assertThatThrownBy(() -> store.publishStreamingWatermark(GROUP, "txns", 0, 1, 1))
                    .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("topic txns partition 0");
            assertThatThrownBy(store::checkReachable)
                    .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("checkReachable")
                    .hasMessageContaining("PING ");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(COMMAND_TIMEOUT.multipliedBy(4 * 4));

            restarted = REDIS.server().restartOnSamePort();
            WriteReport report = Outages.writeUntilRecovered(store, List.of(tile(3)), Duration.ofSeconds(15));

            // A fresh server: the old tile is gone, the script cache is empty (EVALSHA -> EVAL fallback).
            assertThat(report.written()).isEqualTo(1);
            store.checkReachable();
            assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").versions()).containsValue(3L);
        } finally {
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    @Test
    void shouldReportCallsOnAClosedStoreWithTheOperation() {
        OnlineStore store = RedisOnlineStore.connect(PatientRedis.config(REDIS.uri()), LAYOUTS, clock, null);
        store.close();

        assertThatThrownBy(() -> store.writeTiles(List.of(tile(1))))
                .isInstanceOf(OnlineStoreException.class).hasMessageContaining("writeTiles")
                .hasMessageContaining("entity c1");
    }

    @Test
    void shouldReportAnUnreachableRedisAtConnect() {
        RedisStoreConfig nowhere = RedisStoreConfig.of("redis://127.0.0.1:1");

        assertThatThrownBy(() -> RedisOnlineStore.connect(nowhere, LAYOUTS, clock, null))
                .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("127.0.0.1:1");
    }
}
