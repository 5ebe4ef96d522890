package dev.lockstep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.testing.redis.RedisSentinelProcess;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With replica acknowledgements ({@link RedisStoreConfig#withReplicaAcks}), a tile write returns only once
 * the replica has it, so the replica Sentinel would promote holds every acknowledged tile; while the
 * replica does not answer, writes fail as unavailable, naming the count, and succeed again once it does.
 */
class RedisReplicaAcksIT {

    private static final String GROUP = "card_txn";
    private static final long HOP = 300_000;
    private static final List<GroupLayout> LAYOUTS = List.of(
            new GroupLayout(GROUP, Duration.ofHours(3), Map.of(HOP, Duration.ofHours(2))));

    private static RedisSentinelProcess redis;
    private final Clock clock = Clock.systemUTC();

    @BeforeAll
    static void startRedis() {
        redis = RedisSentinelProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private RedisStoreConfig config() {
        return RedisStoreConfig.of(redis.uri()).withCommandTimeout(Duration.ofSeconds(2))
                .withReplicaAcks(1, Duration.ofMillis(500));
    }

    private List<TileWrite> tiles(int entities, long version) {
        TileKey key = TileKey.containing(HOP, clock.millis());
        List<TileWrite> writes = new ArrayList<>();
        for (int i = 0; i < entities; i++) {
            writes.add(new TileWrite(GROUP, "c" + i, key, version, new byte[] {(byte) version, (byte) i}));
        }
        return writes;
    }

    @Test
    void shouldReturnOnlyOnceTheReplicaHasEveryTile() {
        List<TileWrite> writes = tiles(500, 1);
        try (OnlineStore store = RedisOnlineStore.connect(config(), LAYOUTS, clock, null);
             OnlineStore replica = RedisOnlineStore.connect(redis.replica().uri(), LAYOUTS, clock)) {
            assertThat(store.writeTiles(writes).written()).isEqualTo(500);

            // Read from the replica at once: no wait of the test's own.
            Map<String, EntityTiles> replicated = replica.readTiles(GROUP, writes.stream().map(TileWrite::entityKey).toList());
            assertThat(replicated).hasSize(500).allSatisfy((entity, tiles) ->
                    assertThat(tiles.versions()).containsValue(1L));
        }
    }

    @Test
    void shouldFailAsUnavailableWhileTheReplicaDoesNotAnswerAndRecoverAfter() throws Exception {
        try (OnlineStore store = RedisOnlineStore.connect(config(), LAYOUTS, clock, null)) {
            signal("STOP", redis.replica().pid());
            try {
                assertThatThrownBy(() -> store.writeTiles(tiles(3, 2)))
                        .isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining("writeTiles: 0 of 1 replica(s) of ")
                        .hasMessageContaining("acknowledged the tile writes within 500 ms (WAIT 1 500)");
            } finally {
                signal("CONT", redis.replica().pid());
            }
            WriteReport retried = Outages.writeUntilRecovered(store, tiles(3, 2), Duration.ofSeconds(30));
            assertThat(retried.written() + retried.skippedAsNotNewer()).as("on the primary since the failed round")
                    .isEqualTo(3);
            assertThat(retried.written()).isZero();
        }
    }

    @Test
    void shouldRefuseATimeoutTheClientWouldNotWaitFor() {
        assertThatThrownBy(() -> RedisStoreConfig.of("redis://127.0.0.1:6379").withReplicaAcks(1, Duration.ofSeconds(1)))
                .isInstanceOf(OnlineStoreException.class)
                .hasMessageContaining("replicaAckTimeout: must be below the command timeout PT1S");
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal + " " + pid).isZero();
    }
}
