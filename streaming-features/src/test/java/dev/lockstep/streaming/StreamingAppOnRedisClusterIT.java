package dev.lockstep.streaming;

import dev.lockstep.testing.redis.RedisClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The streaming application end to end into a three-primary Redis Cluster ({@code redis-cluster://}). */
class StreamingAppOnRedisClusterIT extends StreamingAppContract {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    @Override
    protected String redisUri() {
        return CLUSTER.uri();
    }
}
