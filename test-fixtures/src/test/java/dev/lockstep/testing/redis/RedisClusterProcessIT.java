package dev.lockstep.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisClusterProcessIT {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    @Test
    void shouldServeEverySlotAndStoreEachKeyOnTheNodeOwningItsSlot() {
        List<RedisServerProcess> nodes = CLUSTER.cluster().nodes();
        List<RedisURI> seeds = nodes.stream().map(n -> RedisURI.create(n.uri())).toList();
        RedisClusterClient client = RedisClusterClient.create(seeds);
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().clusterInfo()).contains("cluster_state:ok", "cluster_slots_assigned:16384",
                    "cluster_known_nodes:3");
            IntStream.range(0, 300).forEach(i -> connection.sync().set("key" + i, "v" + i));
        } finally {
            client.shutdown();
        }

        for (int n = 0; n < nodes.size(); n++) {
            int from = RedisClusterProcess.SLOTS * n / nodes.size();
            int to = RedisClusterProcess.SLOTS * (n + 1) / nodes.size();
            long expected = IntStream.range(0, 300).map(i -> SlotHash.getSlot("key" + i))
                    .filter(slot -> slot >= from && slot < to).count();
            RedisClient single = RedisClient.create(nodes.get(n).uri());
            try (StatefulRedisConnection<String, String> node = single.connect()) {
                assertThat(node.sync().dbsize()).as("keys on node %d (slots %d-%d)", n, from, to - 1)
                        .isEqualTo(expected).isPositive();
            } finally {
                single.shutdown();
            }
        }
    }

    @Test
    void shouldNameEveryNodeAsASeedInItsUri() {
        List<RedisServerProcess> nodes = CLUSTER.cluster().nodes();

        assertThat(CLUSTER.uri()).isEqualTo("redis-cluster://127.0.0.1:" + nodes.get(0).port() + ",127.0.0.1:"
                + nodes.get(1).port() + ",127.0.0.1:" + nodes.get(2).port());
    }
}
