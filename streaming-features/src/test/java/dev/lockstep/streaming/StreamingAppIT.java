package dev.lockstep.streaming;

import dev.lockstep.testing.redis.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The streaming application end to end into one redis-server. */
class StreamingAppIT extends StreamingAppContract {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Override
    protected String redisUri() {
        return REDIS.uri();
    }
}
