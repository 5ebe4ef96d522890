package dev.lockstep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.store.internal.KeyLayout;
import dev.lockstep.testing.MutableClock;
import dev.lockstep.testing.redis.RedisClusterExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract on a real three-primary Redis Cluster (the store given a {@code redis-cluster://} URI),
 * plus what only a cluster shows: entities spread over the nodes, one pipelined call still reaching every
 * node, {@code deleteAll} scanning every node, scripts reloaded per node.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // a lost node must fail a test, never hang the build
class RedisClusterOnlineStoreIT extends OnlineStoreContract {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    private static RedisClusterClient adminClient;
    private static StatefulRedisClusterConnection<String, String> adminConnection;
    private static RedisAdvancedClusterCommands<String, String> admin;
    /** One connection to each primary, for what only a node can say (DBSIZE, FLUSHALL, SCRIPT FLUSH). */
    private static RedisClient nodeClient;
    private static final List<StatefulRedisConnection<String, String>> NODES = new ArrayList<>();

    @BeforeAll
    static void connectAdmin() {
        adminClient = RedisClusterClient.create(CLUSTER.cluster().nodes().stream()
                .map(node -> RedisURI.create(node.uri())).toList());
        adminConnection = adminClient.connect();
        admin = adminConnection.sync();
        nodeClient = RedisClient.create();
        CLUSTER.cluster().nodes().forEach(node -> NODES.add(nodeClient.connect(RedisURI.create(node.uri()))));
    }

    @AfterAll
    static void closeAdmin() {
        NODES.forEach(StatefulRedisConnection::close);
        NODES.clear();
        nodeClient.shutdown();
        adminConnection.close();
        adminClient.shutdown();
    }

    @Override
    protected OnlineStore newStore(List<GroupLayout> layouts, MutableClock clock, MeterRegistry meters) {
        eachNode(RedisCommands::flushall);
        return RedisOnlineStore.connect(PatientRedis.config(CLUSTER.uri()), layouts, clock, meters);
    }

    @Override
    protected OptionalLong remainingTtlMillis(String group, String entityKey) {
        long pttl = admin.pttl(KeyLayout.entityKey(group, entityKey));
        return pttl >= 0 ? OptionalLong.of(pttl) : OptionalLong.empty();
    }

    @Test
    void shouldSpreadEntitiesOverEveryNodeAndWriteAndReadThemInOneCallEach() {
        List<String> entities = IntStream.range(0, 300).mapToObj(i -> "c" + i).toList();
        List<TileWrite> writes = new ArrayList<>();
        for (String entity : entities) {
            writes.add(write(entity, current5m(), 1, "ir-" + entity));
            writes.add(write(entity, tileAt(HOP_1H, START), 1, "hour-" + entity));
        }

        assertThat(store.writeTiles(writes)).isEqualTo(new WriteReport(600, 0, 0));

        List<Long> keysPerNode = keysPerNode();
        assertThat(keysPerNode).as("entity keys on each primary").allSatisfy(n -> assertThat(n).isGreaterThan(50));
        assertThat(keysPerNode.stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
        var read = store.readTiles(GROUP, entities);
        assertThat(read).hasSize(300);
        for (String entity : entities) {
            assertThat(read.get(entity).tile(current5m())).isEqualTo(ir("ir-" + entity));
            assertThat(read.get(entity).tile(tileAt(HOP_1H, START))).isEqualTo(ir("hour-" + entity));
        }
        assertThat(store.writeTiles(writes)).as("a replay changes nothing").isEqualTo(new WriteReport(0, 600, 0));
    }

    @Test
    void shouldDeleteEveryLockstepKeyOnEveryNodeAndNothingElse() {
        List<TileWrite> writes = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            writes.add(write("c" + i, current5m(), 1, "x"));
        }
        store.writeTiles(writes);
        store.publishStreamingWatermark(GROUP, "txns", 0, 1, 1);
        store.publishBatchWatermark(GROUP, 1, 1);
        List<String> foreign = IntStream.range(0, 30).mapToObj(i -> "session:" + i).toList();
        foreign.forEach(key -> admin.set(key, "not ours"));

        assertThat(store.deleteAll()).isEqualTo(2_502);

        assertThat(keysPerNode().stream().mapToLong(Long::longValue).sum()).isEqualTo(30);
        assertThat(foreign).allSatisfy(key -> assertThat(admin.get(key)).isEqualTo("not ours"));
    }

    @Test
    void shouldReloadTheScriptsOnNodesThatForgotThem() {
        List<TileWrite> first = IntStream.range(0, 100).mapToObj(i -> write("c" + i, current5m(), 1, "v1")).toList();
        store.writeTiles(first);
        eachNode(RedisCommands::scriptFlush);

        List<TileWrite> second = IntStream.range(0, 100).mapToObj(i -> write("c" + i, current5m(), 2, "v2")).toList();
        assertThat(store.writeTiles(second)).isEqualTo(new WriteReport(100, 0, 0));
        eachNode(RedisCommands::scriptFlush);
        assertThat(store.publishStreamingWatermark(GROUP, "txns", 1, 5, 6)).isTrue();
        assertThat(store.streamingProgress(GROUP, "txns").heartbeats()).containsEntry(1, new Heartbeat(5, 6));
        assertThat(store.readTiles(GROUP, List.of("c0", "c99")).values())
                .allSatisfy(tiles -> assertThat(tiles.tile(current5m())).isEqualTo(ir("v2")));
    }

    @Test
    void shouldNameEveryClusterSeedWhenNoneCanBeReached() {
        RedisStoreConfig nowhere = PatientRedis.config("redis-cluster://127.0.0.1:1,127.0.0.1:2")
                .withCommandTimeout(Duration.ofMillis(500));

        assertThatThrownBy(() -> RedisOnlineStore.connect(nowhere, LAYOUTS, clock, null))
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("Redis at cluster 127.0.0.1:1,127.0.0.1:2");
    }

    private static List<Long> keysPerNode() {
        List<Long> counts = new ArrayList<>();
        eachNode(node -> counts.add(node.dbsize()));
        return counts;
    }

    private static void eachNode(Consumer<RedisCommands<String, String>> action) {
        NODES.forEach(node -> action.accept(node.sync()));
    }
}
