package dev.lockstep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.testing.redis.RedisClusterExtension;
import dev.lockstep.testing.redis.RedisClusterProcess;
import dev.lockstep.testing.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replica acknowledgements on a Redis Cluster: WAIT goes to every primary over the connection that carried
 * its writes, so a write returns only once each primary's replica has it, and a primary whose replica does
 * not answer fails the write, named.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RedisClusterReplicaAcksIT {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension(1);

    private static final String GROUP = "card_txn";
    private static final long HOP = 300_000;
    private static final List<GroupLayout> LAYOUTS = List.of(
            new GroupLayout(GROUP, Duration.ofHours(3), Map.of(HOP, Duration.ofHours(2))));
    private static final int PAUSED = 1;

    private final Clock clock = Clock.systemUTC();

    private RedisStoreConfig config() {
        return RedisStoreConfig.of(CLUSTER.uri()).withCommandTimeout(Duration.ofSeconds(2))
                .withReplicaAcks(1, Duration.ofMillis(500));
    }

    private List<TileWrite> tiles(String prefix, int entities, long version) {
        TileKey key = TileKey.containing(HOP, clock.millis());
        List<TileWrite> writes = new ArrayList<>();
        for (int i = 0; i < entities; i++) {
            writes.add(new TileWrite(GROUP, prefix + i, key, version, new byte[] {(byte) version, (byte) i}));
        }
        return writes;
    }

    @Test
    void shouldReturnOnlyOnceEveryPrimarysReplicaHasItsTiles() {
        RedisClusterProcess cluster = CLUSTER.cluster();
        try (OnlineStore store = RedisOnlineStore.connect(config(), LAYOUTS, clock, null)) {
            assertThat(store.writeTiles(tiles("all-", 600, 1)).written()).isEqualTo(600);

            // At once, with no wait of the test's own: each replica holds what its primary holds.
            long total = 0;
            for (int i = 0; i < cluster.nodes().size(); i++) {
                long onPrimary = dbSize(cluster.nodes().get(i));
                assertThat(dbSize(cluster.replicas().get(i))).as("replica of primary " + i).isEqualTo(onPrimary);
                total += onPrimary;
            }
            assertThat(total).isGreaterThanOrEqualTo(600);
        }
    }

    @Test
    void shouldFailNamingThePrimaryWhoseReplicaDoesNotAnswerAndRecoverAfter() throws Exception {
        RedisClusterProcess cluster = CLUSTER.cluster();
        RedisServerProcess primary = cluster.nodes().get(PAUSED);
        List<TileWrite> writes = tiles("paused-", 300, 1);
        try (OnlineStore store = RedisOnlineStore.connect(config(), LAYOUTS, clock, null)) {
            store.writeTiles(tiles("warm-", 30, 1)); // every primary's write connection opened
            signal("STOP", cluster.replicas().get(PAUSED).pid());
            try {
                assertThatThrownBy(() -> store.writeTiles(writes))
                        .isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining("writeTiles: 0 of 1 replica(s) of cluster primary " + primary.host() + ":"
                                + primary.port() + " acknowledged the tile writes within 500 ms (WAIT 1 500)");
            } finally {
                signal("CONT", cluster.replicas().get(PAUSED).pid());
            }
            WriteReport retried = Outages.writeUntilRecovered(store, writes, Duration.ofSeconds(30));
            assertThat(retried.written()).as("on the primaries since the failed round").isZero();
            assertThat(retried.skippedAsNotNewer()).isEqualTo(300);
        }
    }

    private static long dbSize(RedisServerProcess node) {
        try (RedisClient client = RedisClient.create(node.uri());
             StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().dbsize();
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal + " " + pid).isZero();
    }
}
