package dev.lockstep.batch;

import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession the batch jobs run in. On a cluster, spark-submit supplies the master and
 * everything else; {@link #local} is the embedded default for trying Lockstep and for tests.
 */
public final class BatchSession {

    private BatchSession() {
    }

    /**
     * A local session with {@code threads} worker threads, sized for a small machine: few shuffle
     * partitions, no UI, and the driver bound to loopback so it works without a resolvable host name.
     */
    public static SparkSession local(String appName, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("Invalid value " + threads + " for threads: must be at least 1");
        }
        return SparkSession.builder()
                .appName(appName)
                .master("local[" + threads + "]")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", String.valueOf(threads))
                .config("spark.default.parallelism", String.valueOf(threads))
                .getOrCreate();
    }
}
