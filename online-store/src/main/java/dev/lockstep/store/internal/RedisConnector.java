package dev.lockstep.store.internal;

import dev.lockstep.store.OnlineStoreException;
import dev.lockstep.store.RedisStoreConfig;
import dev.lockstep.store.RedisUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Owns the Lettuce client, its resources and the one connection; sets the failure behaviour. */
public final class RedisConnector implements AutoCloseable {

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final Pipeline pipeline;

    private RedisConnector(ClientResources resources, RedisClient client,
            StatefulRedisConnection<byte[], byte[]> connection, Pipeline pipeline) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.pipeline = pipeline;
    }

    public static RedisConnector connect(RedisStoreConfig config) {
        RedisURI uri;
        try {
            uri = RedisURI.create(config.uri());
        } catch (IllegalArgumentException e) {
            throw new OnlineStoreException("invalid value " + config.uri() + " for Redis store setting uri: "
                    + e.getMessage(), e);
        }
        uri.setTimeout(config.commandTimeout());
        // Bounded backoff: Lettuce's default grows to 30 s, which would keep a recovered Redis unused.
        ClientResources resources = ClientResources.builder()
                // Lettuce's own per-command latency histograms (on whenever LatencyUtils is on the classpath,
                // as Spark's is) cost CPU on every command; the store times its calls with Micrometer.
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), config.maxReconnectDelay(), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Fail fast while disconnected instead of buffering commands for a Redis that is down.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout()).build())
                .build());
        try {
            StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
            // Pipelining: commands are buffered until Pipeline flushes them, one write per round.
            connection.setAutoFlushCommands(false);
            String endpoint = uri.getHost() + ":" + uri.getPort();
            return new RedisConnector(resources, client, connection,
                    new Pipeline(connection, config.commandTimeout(), endpoint));
        } catch (RedisException e) {
            shutdown(client, resources);
            throw new RedisUnavailableException("failed to connect the online store to Redis at " + uri.getHost()
                    + ":" + uri.getPort() + " within " + config.connectTimeout() + ": " + e.getMessage(), e);
        }
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            shutdown(client, resources);
        }
    }

    private static void shutdown(RedisClient client, ClientResources resources) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
