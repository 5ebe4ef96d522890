package dev.lockstep.testing.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Redis Cluster (three primaries, optionally with replicas) per test class, stopped after the
 * class whatever its outcome.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisClusterExtension CLUSTER = new RedisClusterExtension();
 * }</pre>
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private final int replicasPerPrimary;
    private RedisClusterProcess cluster;

    /** Three primaries, no replicas. */
    public RedisClusterExtension() {
        this(0);
    }

    /** Three primaries with {@code replicasPerPrimary} replicas each, for failover tests. */
    public RedisClusterExtension(int replicasPerPrimary) {
        this.replicasPerPrimary = replicasPerPrimary;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = RedisClusterProcess.start(3, replicasPerPrimary);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    public RedisClusterProcess cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the Redis Cluster runs only between beforeAll and afterAll;"
                    + " register RedisClusterExtension on a static field");
        }
        return cluster;
    }

    /** The cluster URI the online store takes. */
    public String uri() {
        return cluster().uri();
    }
}
