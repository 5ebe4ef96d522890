package dev.lockstep.streaming;

import java.time.Duration;
import java.util.Objects;

/**
 * Knobs of {@link FeatureTopology}, validated on construction.
 *
 * @param tilesTopic         the compacted topic that receives every tile update (key group/entity/hop/index)
 * @param deadLetterSuffix   appended to a source topic's name to name its dead-letter topic
 * @param storeBatchSize     tile updates buffered per task before they are written to the online store;
 *                           the buffer is also written on every Kafka Streams commit
 * @param heartbeatInterval  wall-clock interval of the per-partition watermark heartbeat, sent also when idle
 * @param purgeInterval      arrival-time interval at which closed tiles and forgettable dedup keys are dropped
 * @param storeRetryTimeout  how long one write to an unreachable online store is retried, with backoff,
 *                           before the commit fails (the task then resumes from its last commit); keep it
 *                           well below the transaction timeout
 */
public record TopologySettings(String tilesTopic, String deadLetterSuffix, int storeBatchSize,
                               Duration heartbeatInterval, Duration purgeInterval, Duration storeRetryTimeout) {

    /** The default tile topic name. */
    public static final String DEFAULT_TILES_TOPIC = "lockstep.tiles";

    public TopologySettings {
        Objects.requireNonNull(tilesTopic, "tilesTopic");
        Objects.requireNonNull(deadLetterSuffix, "deadLetterSuffix");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(purgeInterval, "purgeInterval");
        Objects.requireNonNull(storeRetryTimeout, "storeRetryTimeout");
        if (tilesTopic.isBlank()) {
            throw new IllegalArgumentException("Invalid value '" + tilesTopic + "' for tilesTopic: must not be blank");
        }
        if (deadLetterSuffix.isEmpty()) {
            throw new IllegalArgumentException("Invalid value '' for deadLetterSuffix: must not be empty, "
                    + "or the dead-letter topic would be the source topic");
        }
        if (storeBatchSize < 1) {
            throw new IllegalArgumentException("Invalid value " + storeBatchSize + " for storeBatchSize: must be >= 1");
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("Invalid value " + heartbeatInterval + " for heartbeatInterval: must be positive");
        }
        if (purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("Invalid value " + purgeInterval + " for purgeInterval: must be positive");
        }
        if (storeRetryTimeout.isNegative()) {
            throw new IllegalArgumentException("Invalid value " + storeRetryTimeout + " for storeRetryTimeout: must not be negative");
        }
    }

    /**
     * Defaults: {@code lockstep.tiles}, {@code .dlq}, 1,000 tiles per store write, 5 s heartbeat, 1 min purge,
     * 5 s store retry (Kafka Streams' exactly-once transaction timeout defaults to 10 s).
     */
    public static TopologySettings defaults() {
        return new TopologySettings(DEFAULT_TILES_TOPIC, ".dlq", 1_000, Duration.ofSeconds(5), Duration.ofMinutes(1),
                Duration.ofSeconds(5));
    }
}
