package dev.lockstep.store;

import dev.lockstep.store.internal.RedisEndpoints;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link RedisOnlineStore} connects.
 *
 * @param uri               a Redis URI, e.g. {@code redis://127.0.0.1:6379}, or a Redis Cluster's seed nodes,
 *                          e.g. {@code redis-cluster://h1:6379,h2:6379} (the forms: the module README)
 * @param commandTimeout    a command (a whole pipelined round) not answered within this fails with
 *                          {@link RedisUnavailableException}; also how long a call can block during an outage
 * @param connectTimeout    TCP connect timeout, for the first connection and for reconnects
 * @param maxReconnectDelay upper bound of the reconnect backoff, so recovery after an outage is quick
 * @param replicaAcks       tile writes count as done only once this many replicas have them (Redis {@code WAIT}
 *                          after each round; on a cluster, of every primary); 0: once the primary has them
 * @param replicaAckTimeout how long {@code WAIT} waits for them; below {@code commandTimeout}
 */
public record RedisStoreConfig(String uri, Duration commandTimeout, Duration connectTimeout,
        Duration maxReconnectDelay, int replicaAcks, Duration replicaAckTimeout) {

    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofMillis(500);
    public static final Duration DEFAULT_REPLICA_ACK_TIMEOUT = Duration.ofMillis(500);

    public RedisStoreConfig {
        Objects.requireNonNull(uri, "uri");
        positive("commandTimeout", commandTimeout);
        positive("connectTimeout", connectTimeout);
        positive("maxReconnectDelay", maxReconnectDelay);
        positive("replicaAckTimeout", replicaAckTimeout);
        if (replicaAcks < 0) {
            throw new OnlineStoreException("invalid value " + replicaAcks + " for Redis store setting replicaAcks: "
                    + "must be 0 or more");
        }
        if (replicaAcks > 0 && replicaAckTimeout.compareTo(commandTimeout) >= 0) {
            // WAIT blocks on the server; the client must not give up on it first.
            throw new OnlineStoreException("invalid value " + replicaAckTimeout + " for Redis store setting "
                    + "replicaAckTimeout: must be below the command timeout " + commandTimeout);
        }
    }

    /** No replica acknowledgements: a tile write is done once the primary has it. */
    public RedisStoreConfig(String uri, Duration commandTimeout, Duration connectTimeout, Duration maxReconnectDelay) {
        this(uri, commandTimeout, connectTimeout, maxReconnectDelay, 0, DEFAULT_REPLICA_ACK_TIMEOUT);
    }

    /** The defaults: 1 s command and connect timeouts, reconnect attempts at most 500 ms apart. */
    public static RedisStoreConfig of(String uri) {
        return new RedisStoreConfig(uri, DEFAULT_COMMAND_TIMEOUT, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_MAX_RECONNECT_DELAY);
    }

    /** A Redis URI with its user info (user and password) replaced by {@code ***}: what logs may show. */
    public static String redacted(String uri) {
        return RedisEndpoints.redacted(uri);
    }

    public RedisStoreConfig withCommandTimeout(Duration timeout) {
        return new RedisStoreConfig(uri, timeout, connectTimeout, maxReconnectDelay, replicaAcks, replicaAckTimeout);
    }

    /**
     * Tile writes then return only once {@code replicas} replicas (of every primary, on a cluster) have them,
     * so a failover cannot lose a tile whose input the streaming app has committed; if fewer acknowledge
     * within {@code timeout}, the write fails as unavailable (and streaming retries it, as in any outage).
     */
    public RedisStoreConfig withReplicaAcks(int replicas, Duration timeout) {
        return new RedisStoreConfig(uri, commandTimeout, connectTimeout, maxReconnectDelay, replicas, timeout);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new OnlineStoreException("invalid value " + value + " for Redis store setting " + name
                    + ": must be a positive duration");
        }
    }
}
