package dev.lockstep.streaming;

import java.time.Duration;
import java.util.Objects;

/**
 * Knobs of {@link FeatureTopology}, validated on construction.
 *
 * @param tilesTopic         the compacted topic that receives every tile update (key group/entity/hop/index)
 * @param deadLetterSuffix   appended to a source topic's name to name its dead-letter topic
 * @param storeBatchSize     tiles per online-store write (one pipelined round); the buffer is written on every
 *                           Kafka Streams commit, and before that once it holds this many
 * @param heartbeatInterval  wall-clock interval of the per-partition watermark heartbeat, sent also when idle
 * @param purgeInterval      arrival-time interval at which closed tiles and forgettable dedup keys are dropped
 * @param storeRetryTimeout  how long one write to an unreachable online store is retried, with backoff,
 *                           before the commit fails (the task then resumes from its last commit); keep it
 *                           well below the transaction timeout
 * @param tileCacheMaxBytes  per task, the estimated heap held by decoded open tiles (see {@code OpenTiles}):
 *                           tiles updated between two commits are written once per commit; over this budget,
 *                           dirty tiles are written early and the least recently used are evicted
 * @param arrivalRegressionMargin how far behind the arrival watermark purges run: a partition's arrival times
 *                           may step back (a partition leader moved to a broker with a slower clock, a clock
 *                           step) by up to this much and its records are still folded exactly; a record further
 *                           back than the last purge reached is dead-lettered as {@code ARRIVAL_REGRESSED}
 * @param clockSkewMargin    how far this application's clock may run ahead of the brokers' (whose LogAppendTime is
 *                           the arrival time): a partition processed to its end is claimed caught up as of this
 *                           much before the check, so a record the broker stamps later is never inside the claim
 */
public record TopologySettings(String tilesTopic, String deadLetterSuffix, int storeBatchSize,
                               Duration heartbeatInterval, Duration purgeInterval, Duration storeRetryTimeout,
                               long tileCacheMaxBytes, Duration arrivalRegressionMargin, Duration clockSkewMargin) {

    /** The default tile topic name. */
    public static final String DEFAULT_TILES_TOPIC = "lockstep.tiles";
    /** The default tiles per online-store write (one pipelined round); all buffered ones go on every commit. */
    public static final int DEFAULT_STORE_BATCH_SIZE = 1_000;
    /** The default budget of decoded open tiles per task. */
    public static final long DEFAULT_TILE_CACHE_MAX_BYTES = 64L << 20;
    /**
     * The default margin: far beyond the milliseconds that NTP-synced brokers differ by, and it costs only
     * a minute more of dedup keys and closed tiles next to the allowed lateness the stores already hold.
     */
    public static final Duration DEFAULT_ARRIVAL_REGRESSION_MARGIN = Duration.ofMinutes(1);
    /**
     * The default clock skew margin: well beyond what NTP keeps hosts apart by, and small next to the heartbeat
     * interval and any group's freshness, so an idle partition's age shows it only as a second more.
     */
    public static final Duration DEFAULT_CLOCK_SKEW_MARGIN = Duration.ofSeconds(1);

    public TopologySettings {
        Objects.requireNonNull(tilesTopic, "tilesTopic");
        Objects.requireNonNull(deadLetterSuffix, "deadLetterSuffix");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(purgeInterval, "purgeInterval");
        Objects.requireNonNull(storeRetryTimeout, "storeRetryTimeout");
        Objects.requireNonNull(arrivalRegressionMargin, "arrivalRegressionMargin");
        Objects.requireNonNull(clockSkewMargin, "clockSkewMargin");
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
        if (tileCacheMaxBytes < 1) {
            throw new IllegalArgumentException("Invalid value " + tileCacheMaxBytes + " for tileCacheMaxBytes: must be >= 1");
        }
        if (storeRetryTimeout.isNegative()) {
            throw new IllegalArgumentException("Invalid value " + storeRetryTimeout + " for storeRetryTimeout: must not be negative");
        }
        if (arrivalRegressionMargin.isNegative()) {
            throw new IllegalArgumentException("Invalid value " + arrivalRegressionMargin
                    + " for arrivalRegressionMargin: must not be negative");
        }
        if (clockSkewMargin.isNegative()) {
            throw new IllegalArgumentException("Invalid value " + clockSkewMargin + " for clockSkewMargin: must not be negative");
        }
    }

    /**
     * Defaults: {@code lockstep.tiles}, {@code .dlq}, 1,000 tiles per store write, 5 s heartbeat, 5 s purge
     * (a purge costs what expired since the last one, so purging often spreads the same work into short stalls),
     * 5 s store retry (Kafka Streams' exactly-once transaction timeout defaults to 10 s), 64 MiB of open tiles
     * per task, 1 minute of arrival regression margin, 1 s of clock skew margin.
     */
    public static TopologySettings defaults() {
        return new TopologySettings(DEFAULT_TILES_TOPIC, ".dlq", DEFAULT_STORE_BATCH_SIZE, Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(5), DEFAULT_TILE_CACHE_MAX_BYTES,
                DEFAULT_ARRIVAL_REGRESSION_MARGIN, DEFAULT_CLOCK_SKEW_MARGIN);
    }

    /** These settings with another purge interval and arrival regression margin. */
    public TopologySettings withPurging(Duration interval, Duration margin) {
        return new TopologySettings(tilesTopic, deadLetterSuffix, storeBatchSize, heartbeatInterval, interval,
                storeRetryTimeout, tileCacheMaxBytes, margin, clockSkewMargin);
    }
}
