package dev.lockstep.testing.redis;

import dev.lockstep.testing.FixtureException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A primary, one replica and one Sentinel watching them (quorum 1), on loopback ports: for tests of clients
 * that find the primary through Sentinel and follow its failover. Sentinel declares the primary down after
 * {@link #DOWN_AFTER} of silence and promotes the replica, a few seconds after the primary dies.
 */
public final class RedisSentinelProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisSentinelProcess.class);
    public static final String MASTER_NAME = "lockstep";
    public static final Duration DOWN_AFTER = Duration.ofSeconds(1);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final RedisServerProcess primary;
    private final RedisServerProcess replica;
    private final RedisServerProcess sentinel;
    private final Path directory;

    private RedisSentinelProcess(RedisServerProcess primary, RedisServerProcess replica, RedisServerProcess sentinel,
            Path directory) {
        this.primary = primary;
        this.replica = replica;
        this.sentinel = sentinel;
        this.directory = directory;
    }

    /** Starts the three and waits until the replica is linked and Sentinel knows it. */
    public static RedisSentinelProcess start() {
        Path directory;
        try {
            directory = Files.createTempDirectory("redis-sentinel-");
        } catch (IOException e) {
            throw new FixtureException("no temporary directory for Sentinel's config", e);
        }
        RedisServerProcess primary = null;
        RedisServerProcess replica = null;
        RedisServerProcess sentinel = null;
        try {
            primary = RedisServerProcess.start();
            replica = RedisServerProcess.startOnFreePort(List.of(),
                    List.of("--replicaof", primary.host(), Integer.toString(primary.port())));
            // Sentinel rewrites its config file as it learns, so it gets one of its own, named first.
            Path config = Files.writeString(directory.resolve("sentinel.conf"), String.join("\n",
                    "sentinel monitor " + MASTER_NAME + " " + primary.host() + " " + primary.port() + " 1",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
                    "sentinel failover-timeout " + MASTER_NAME + " 10000", ""));
            sentinel = RedisServerProcess.startOnFreePort(List.of(config.toString()), List.of("--sentinel"));
            RedisSentinelProcess started = new RedisSentinelProcess(primary, replica, sentinel, directory);
            Polling.await("the replica to be linked and known to Sentinel", READY_TIMEOUT, () -> started.replicaLinked()
                    && started.sentinelInfo().contains("status=ok") && started.sentinelInfo().contains("slaves=1"),
                    started::sentinelInfo);
            log.info("Redis Sentinel ready: {} (primary {}, replica {})", started.uri(), primary.port(), replica.port());
            return started;
        } catch (IOException | RuntimeException e) {
            for (RedisServerProcess process : new RedisServerProcess[] {sentinel, replica, primary}) {
                if (process != null) {
                    process.close();
                }
            }
            throw e instanceof FixtureException fixture ? fixture : new FixtureException("Sentinel setup failed", e);
        }
    }

    /** The Lettuce URI that finds the current primary through this Sentinel. */
    public String uri() {
        return "redis-sentinel://" + sentinel.host() + ":" + sentinel.port() + "#" + MASTER_NAME;
    }

    public RedisServerProcess primary() {
        return primary;
    }

    public RedisServerProcess replica() {
        return replica;
    }

    /** The port of the server Sentinel now names as primary. */
    public int currentPrimaryPort() {
        String info = sentinelInfo();
        int at = info.indexOf("address=");
        int end = info.indexOf(',', at);
        return Integer.parseInt(info.substring(info.lastIndexOf(':', end) + 1, end));
    }

    /** Waits until the replica has acknowledged every write the primary has taken so far. */
    public void awaitReplicated() {
        try (AdminSocket admin = new AdminSocket(primary.port())) {
            String acknowledged = admin.command(List.of("WAIT", "1", Long.toString(READY_TIMEOUT.toMillis())));
            if (!"1".equals(acknowledged)) {
                throw new FixtureException("the replica on port " + replica.port() + " did not acknowledge the "
                        + "primary's writes within " + READY_TIMEOUT);
            }
        }
    }

    private boolean replicaLinked() {
        try (AdminSocket admin = new AdminSocket(replica.port())) {
            return admin.command(List.of("INFO", "replication")).contains("master_link_status:up");
        }
    }

    private String sentinelInfo() {
        try (AdminSocket admin = new AdminSocket(sentinel.port())) {
            return admin.command(List.of("INFO", "sentinel"));
        }
    }


    @Override
    public void close() {
        sentinel.close();
        replica.close();
        primary.close();
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", directory, e.toString());
        }
    }
}
