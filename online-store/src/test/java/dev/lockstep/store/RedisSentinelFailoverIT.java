package dev.lockstep.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.testing.redis.RedisSentinelProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store on Redis Sentinel ({@code redis-sentinel://host:port#name}): it finds the primary through
 * Sentinel, and when the primary dies and Sentinel promotes the replica, the same store instance writes
 * to the new primary by itself, with the tiles the replica had and the version guard intact.
 */
class RedisSentinelFailoverIT {

    private static final String GROUP = "card_txn";
    private static final long HOP = 300_000;
    private static final List<GroupLayout> LAYOUTS = List.of(
            new GroupLayout(GROUP, Duration.ofHours(3), Map.of(HOP, Duration.ofHours(2))));

    private static RedisSentinelProcess sentinel;
    private final Clock clock = Clock.systemUTC();

    @BeforeAll
    static void startSentinel() {
        sentinel = RedisSentinelProcess.start();
    }

    @AfterAll
    static void stopSentinel() {
        sentinel.close();
    }

    private TileWrite tile(TileKey key, long version) {
        return new TileWrite(GROUP, "c1", key, version, new byte[] {(byte) version});
    }

    @Test
    void shouldFollowASentinelFailoverWithTheSameStoreInstance() throws InterruptedException {
        TileKey key = TileKey.containing(HOP, clock.millis());
        RedisStoreConfig config = RedisStoreConfig.of(sentinel.uri()).withCommandTimeout(Duration.ofSeconds(2));
        try (OnlineStore store = RedisOnlineStore.connect(config, LAYOUTS, clock, null)) {
            assertThat(store.writeTiles(List.of(tile(key, 1))).written()).isEqualTo(1);
            store.checkReachable();
            sentinel.awaitReplicated();

            sentinel.primary().kill();
            WriteReport afterFailover = Outages.writeUntilRecovered(store, List.of(tile(key, 2)), Duration.ofSeconds(45));

            assertThat(sentinel.currentPrimaryPort()).as("Sentinel promoted the replica")
                    .isEqualTo(sentinel.replica().port());
            assertThat(afterFailover.written()).as("version 2 over the replicated version 1").isEqualTo(1);
            assertThat(store.writeTiles(List.of(tile(key, 1))).written()).as("the guard still holds").isZero();
            assertThat(store.readTiles(GROUP, List.of("c1")).get("c1").versions()).containsEntry(key, 2L);
            store.checkReachable();
        }
    }
}
