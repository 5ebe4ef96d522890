package dev.lockstep.store;

import java.time.Duration;

/**
 * Store settings for tests that are about what lands in Redis, not about timeouts: a pipelined round of
 * thousands of scripts on a loaded 2-core CI machine can take longer than the 1 s production default,
 * and a timeout there would fail a test for the wrong reason. Outage tests set their own short timeouts.
 */
final class PatientRedis {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private PatientRedis() {
    }

    static RedisStoreConfig config(String uri) {
        return new RedisStoreConfig(uri, TIMEOUT, TIMEOUT, RedisStoreConfig.DEFAULT_MAX_RECONNECT_DELAY);
    }
}
