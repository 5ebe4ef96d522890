package dev.lockstep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.testing.redis.RedisClusterExtension;
import dev.lockstep.testing.redis.RedisClusterProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Redis Cluster primary going away and coming back under a live store instance. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // a lost node must fail a test, never hang the build
class RedisClusterOutageIT {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    private static final String GROUP = "card_txn";
    private static final long HOP = 300_000;
    private static final List<GroupLayout> LAYOUTS = List.of(
            new GroupLayout(GROUP, Duration.ofHours(3), Map.of(HOP, Duration.ofHours(2))));
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    private static final int DOWN = 1;

    private final Clock clock = Clock.systemUTC();
    private final TileKey tile = TileKey.containing(HOP, clock.millis());

    @Test
    void shouldFailFastForTheLostNodesSlotsTreatAClusterDownAsAnOutageAndRecoverWithTheSameInstance()
            throws InterruptedException {
        RedisClusterProcess cluster = CLUSTER.cluster();
        List<String> entities = IntStream.range(0, 60).mapToObj(i -> "c" + i).toList();
        List<String> onDownNode = entities.stream().filter(e -> Outages.primaryOf(cluster, GROUP, e) == DOWN).toList();
        List<String> elsewhere = entities.stream().filter(e -> Outages.primaryOf(cluster, GROUP, e) != DOWN).toList();
        assertThat(onDownNode).isNotEmpty();
        assertThat(elsewhere).isNotEmpty();
        RedisStoreConfig config = RedisStoreConfig.of(CLUSTER.uri()).withCommandTimeout(COMMAND_TIMEOUT);
        try (OnlineStore store = RedisOnlineStore.connect(config, LAYOUTS, clock, null)) {
            assertThat(store.writeTiles(tiles(entities, 1)).written()).isEqualTo(60);
            store.checkReachable();

            int downPort = cluster.nodes().get(DOWN).port();
            cluster.kill(DOWN);
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.writeTiles(tiles(onDownNode, 2)))
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("writeTiles")
                    .hasMessageContaining("ls:v1:{card_txn:" + onDownNode.get(0) + "}");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(COMMAND_TIMEOUT.multipliedBy(4));
            // Until the others give the lost node up, the remaining primaries serve their slots, but the
            // store cannot serve every key: a readiness probe says so, naming the lost primary alone.
            assertThat(store.writeTiles(tiles(elsewhere, 2)).written()).isEqualTo(elsewhere.size());
            assertThatThrownBy(store::checkReachable)
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("checkReachable")
                    .hasMessageContaining("PING cluster primary 127.0.0.1:" + downPort + " (")
                    .hasMessageNotContaining("more of");

            // Then the cluster is down for every key (full slot coverage is required): an outage, not a bug.
            RedisUnavailableException clusterDown = awaitFailure(store, tiles(elsewhere, 3),
                    RedisClusterProcess.NODE_TIMEOUT.multipliedBy(4));
            assertThat(clusterDown).hasMessageContaining("CLUSTERDOWN");

            cluster.restart(DOWN);
            WriteReport report = Outages.writeUntilRecovered(store, tiles(entities, 4), Duration.ofSeconds(20));
            store.checkReachable();

            // Calls to the other primaries may have landed in an attempt that failed as a whole.
            assertThat(report.written() + report.skippedAsNotNewer()).isEqualTo(60);
            assertThat(store.readTiles(GROUP, entities).values())
                    .allSatisfy(stored -> assertThat(stored.versions()).containsOnly(Map.entry(tile(), 4L)));
        }
    }

    /** One tile for the whole test: computed per write, a run across a 5-minute boundary wrote two tiles. */
    private TileKey tile() {
        return tile;
    }

    private List<TileWrite> tiles(List<String> entities, long version) {
        List<TileWrite> writes = new ArrayList<>();
        for (String entity : entities) {
            writes.add(new TileWrite(GROUP, entity, tile(), version, new byte[] {(byte) version}));
        }
        return writes;
    }

    private static RedisUnavailableException awaitFailure(OnlineStore store, List<TileWrite> writes, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                store.writeTiles(writes);
            } catch (RedisUnavailableException expected) {
                return expected;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the cluster still took writes " + patience + " after losing a primary");
    }
}
