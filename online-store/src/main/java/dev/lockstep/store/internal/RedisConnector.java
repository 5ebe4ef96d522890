package dev.lockstep.store.internal;

import dev.lockstep.store.RedisStoreConfig;
import dev.lockstep.store.RedisUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ConnectionIntent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Owns the Lettuce client, its resources and the one connection (to a single Redis, or Lettuce's
 * cluster connection, which routes each command to the primary of its key's slot); sets the failure
 * behaviour, the same for both.
 */
public final class RedisConnector implements AutoCloseable {

    /** How often the cluster client re-reads the slot map even when no redirect asked it to. */
    private static final Duration TOPOLOGY_REFRESH_PERIOD = Duration.ofSeconds(30);
    /** At most one slot-map re-read per this long when redirects or reconnects ask for one. */
    private static final Duration ADAPTIVE_REFRESH_LIMIT = Duration.ofSeconds(1);

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulConnection<byte[], byte[]> connection;
    private final Pipeline pipeline;

    private RedisConnector(ClientResources resources, AbstractRedisClient client,
            StatefulConnection<byte[], byte[]> connection, Pipeline pipeline) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.pipeline = pipeline;
    }

    public static RedisConnector connect(RedisStoreConfig config) {
        RedisEndpoints endpoints = RedisEndpoints.parse(config.uri());
        endpoints.uris().forEach(uri -> uri.setTimeout(config.commandTimeout()));
        // Bounded backoff: Lettuce's default grows to 30 s, which would keep a recovered Redis unused.
        ClientResources resources = ClientResources.builder()
                // Lettuce's own per-command latency histograms (on whenever LatencyUtils is on the classpath,
                // as Spark's is) cost CPU on every command; the store times its calls with Micrometer.
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), config.maxReconnectDelay(), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        ClientOptions options = ClientOptions.builder()
                .autoReconnect(true)
                // Fail fast while disconnected instead of buffering commands for a Redis that is down.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout()).build())
                .build();
        AbstractRedisClient client = endpoints.cluster() ? clusterClient(resources, endpoints, options)
                : singleClient(resources, endpoints, options);
        try {
            StatefulConnection<byte[], byte[]> connection;
            RedisClusterAsyncCommands<byte[], byte[]> commands;
            if (client instanceof RedisClusterClient cluster) {
                StatefulRedisClusterConnection<byte[], byte[]> clustered = cluster.connect(ByteArrayCodec.INSTANCE);
                connection = clustered;
                commands = clustered.async();
            } else {
                StatefulRedisConnection<byte[], byte[]> direct = ((RedisClient) client).connect(ByteArrayCodec.INSTANCE);
                connection = direct;
                commands = direct.async();
            }
            // Pipelining: commands are buffered until Pipeline flushes them, one write per node per round.
            connection.setAutoFlushCommands(false);
            return new RedisConnector(resources, client, connection,
                    new Pipeline(connection, commands, config.commandTimeout(), endpoints.display()));
        } catch (RedisException e) {
            shutdown(client, resources);
            throw new RedisUnavailableException("failed to connect the online store to Redis at "
                    + endpoints.display() + " within " + config.connectTimeout() + ": " + e.getMessage(), e);
        }
    }

    private static RedisClient singleClient(ClientResources resources, RedisEndpoints endpoints, ClientOptions options) {
        RedisClient client = RedisClient.create(resources, endpoints.uris().get(0));
        client.setOptions(options);
        return client;
    }

    private static RedisClusterClient clusterClient(ClientResources resources, RedisEndpoints endpoints,
            ClientOptions options) {
        RedisClusterClient client = RedisClusterClient.create(resources, endpoints.uris());
        client.setOptions(ClusterClientOptions.builder(options)
                // A failover or a resharding moves slots: re-read the slot map on the redirects and
                // reconnects that show it, and now and then regardless. Lettuce allows one such adaptive
                // re-read per 30 s by default; the first comes as the primary is lost, before a replica is
                // promoted, so writes to its slots then failed for up to 30 s more (RedisClusterFailoverIT:
                // 29.3 s). One per second costs a CLUSTER NODES per node.
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_LIMIT)
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH_PERIOD)
                        .build())
                .build());
        return client;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /**
     * One PING per node the store's keys live on: the one Redis, or each cluster primary that serves slots
     * (in the client's view of the cluster, which follows failovers). A node's connection is opened first
     * if the client has none yet.
     */
    public List<Pipeline.Call<String>> pings() {
        if (!(connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster)) {
            return List.of(new Pipeline.Call<>("PING " + pipeline.endpoint(), RedisClusterAsyncCommands::ping));
        }
        List<Pipeline.Call<String>> pings = new ArrayList<>();
        for (RedisClusterNode node : primaries(cluster)) {
            String nodeId = node.getNodeId();
            pings.add(new Pipeline.Call<>("PING cluster primary " + node.getUri().getHost() + ":"
                    + node.getUri().getPort() + " (" + node.getSlots().size() + " slots)",
                    c -> cluster.getConnectionAsync(nodeId)
                            .thenCompose(nodeConnection -> nodeConnection.async().ping()).toCompletableFuture()));
        }
        return pings;
    }

    /**
     * One {@code WAIT replicas timeoutMillis} per connection the tile writes travel on: the one connection to
     * a single Redis, or on a cluster the write connection to each primary that serves slots. WAIT counts
     * the replicas that have every write of its own connection, and Lettuce routes a key's writes (and
     * follows redirects) over the connection it keys by the primary's host and port, the one taken here;
     * a connection by node id would be another, and its WAIT would wait for nothing. Every primary rather
     * than those of one round's keys, so a write redirected to another primary is waited for too. Each
     * call's context names the node, for the caller's message.
     */
    public List<Pipeline.Call<Long>> replicaWaits(int replicas, long timeoutMillis) {
        if (!(connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster)) {
            return List.of(new Pipeline.Call<>(pipeline.endpoint(), c -> c.waitForReplication(replicas, timeoutMillis)));
        }
        List<Pipeline.Call<Long>> waits = new ArrayList<>();
        for (RedisClusterNode node : primaries(cluster)) {
            String host = node.getUri().getHost();
            int port = node.getUri().getPort();
            waits.add(new Pipeline.Call<>("cluster primary " + host + ":" + port,
                    c -> cluster.getConnectionAsync(host, port, ConnectionIntent.WRITE)
                            .thenCompose(primary -> primary.async().waitForReplication(replicas, timeoutMillis))
                            .toCompletableFuture()));
        }
        return waits;
    }

    /**
     * Fails when the client's view of the cluster leaves slots without a primary (keys there would fail
     * until a resharding or a refresh assigns them); a single Redis serves every key.
     *
     * @throws RedisUnavailableException naming how many slots and the first of them
     */
    public void requireEverySlotServed() {
        if (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
            BitSet served = new BitSet(SlotHash.SLOT_COUNT);
            primaries(cluster).forEach(node -> node.getSlots().forEach(served::set));
            int missing = SlotHash.SLOT_COUNT - served.cardinality();
            if (missing > 0) {
                throw new RedisUnavailableException(missing + " of " + SlotHash.SLOT_COUNT
                        + " slots have no primary in the cluster at " + pipeline.endpoint() + ", the first slot "
                        + served.nextClearBit(0), null);
            }
        }
    }

    private static List<RedisClusterNode> primaries(StatefulRedisClusterConnection<byte[], byte[]> cluster) {
        List<RedisClusterNode> primaries = new ArrayList<>();
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                primaries.add(node);
            }
        }
        return primaries;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            shutdown(client, resources);
        }
    }

    private static void shutdown(AbstractRedisClient client, ClientResources resources) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
