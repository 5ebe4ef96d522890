package dev.lockstep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.testing.redis.RedisServerProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A long-running service starts while Redis is down: every call fails at once as unavailable, naming the
 * endpoint and why, and the store connects by itself once Redis answers, with no call waiting for it.
 */
class DeferredConnectIT {

    private static final String GROUP = "card_txn";
    private static final long HOP = 300_000;
    private static final List<GroupLayout> LAYOUTS = List.of(
            new GroupLayout(GROUP, Duration.ofHours(3), Map.of(HOP, Duration.ofHours(2))));
    private static final Duration RETRY = Duration.ofMillis(100);

    private final Clock clock = Clock.systemUTC();
    private RedisServerProcess redis;

    @AfterEach
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    /** A Redis that was started and killed: its port is known and nothing listens there. */
    private RedisServerProcess downRedis() {
        redis = RedisServerProcess.start();
        redis.kill();
        return redis;
    }

    private RedisStoreConfig config(String uri) {
        return RedisStoreConfig.of(uri).withCommandTimeout(Duration.ofSeconds(5));
    }

    @Test
    void shouldFailEveryCallAsUnavailableUntilRedisAnswersThenServeWithoutARestart() throws Exception {
        RedisServerProcess down = downRedis();
        try (OnlineStore store = RedisOnlineStore.connectWhenReachable(config(down.uri()), LAYOUTS, clock, null, RETRY)) {
            assertThat(store).isInstanceOf(DeferredOnlineStore.class);
            assertThatThrownBy(store::checkReachable).isInstanceOf(RedisUnavailableException.class)
                    .hasMessageStartingWith("checkReachable: not connected to Redis at " + down.uri()
                            + " yet (retrying every PT0.1S): failed to connect the online store to Redis at");
            assertThatThrownBy(() -> store.readTiles(GROUP, List.of("c1"))).isInstanceOf(RedisUnavailableException.class)
                    .hasMessageStartingWith("readTiles: not connected");
            assertThatThrownBy(() -> store.publishPartitionCount(GROUP, "txns", 3, 1)).isInstanceOf(RedisUnavailableException.class)
                    .hasMessageStartingWith("publishPartitionCount: not connected");

            redis = down.restartOnSamePort();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!((DeferredOnlineStore) store).isConnected() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(((DeferredOnlineStore) store).isConnected()).as("connected once Redis answered").isTrue();

            store.checkReachable();
            TileKey tile = TileKey.containing(HOP, clock.millis());
            assertThat(store.writeTiles(List.of(new TileWrite(GROUP, "c1", tile, 1, new byte[] {7}))).written())
                    .isEqualTo(1);
            assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").tile(tile)).containsExactly(7);
        }
    }

    @Test
    void shouldConnectAtOnceWhenRedisAnswersAtStart() {
        redis = RedisServerProcess.start();
        try (OnlineStore store = RedisOnlineStore.connectWhenReachable(config(redis.uri()), LAYOUTS, clock, null, RETRY)) {
            assertThat(store).isInstanceOf(RedisOnlineStore.class);
            store.checkReachable();
        }
    }

    @Test
    void shouldStopTryingOnceClosed() throws Exception {
        RedisServerProcess down = downRedis();
        OnlineStore store = RedisOnlineStore.connectWhenReachable(config(down.uri()), LAYOUTS, clock, null, RETRY);
        store.close();
        redis = down.restartOnSamePort();
        Thread.sleep(RETRY.multipliedBy(5).toMillis());

        assertThat(((DeferredOnlineStore) store).isConnected()).isFalse();
        assertThatThrownBy(() -> store.readTiles(GROUP, List.of("c1"))).isInstanceOf(OnlineStoreException.class)
                .hasMessage("readTiles: the online store is closed");
    }

    @Test
    void shouldStillFailAtOnceForAUriItCannotParse() {
        assertThatThrownBy(() -> RedisOnlineStore.connectWhenReachable(config("redis://"), LAYOUTS, clock,
                null, RETRY)).isInstanceOf(OnlineStoreException.class).isNotInstanceOf(RedisUnavailableException.class)
                .hasMessageStartingWith("invalid value redis:// for Redis store setting uri:");
    }
}
