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

    /**
     * The session for a command line run: with {@code master} null under spark-submit (which sets
     * {@code spark.master}), spark-submit's settings; a {@code local[N]} master gets {@link #local}'s
     * settings; any other master URL is used as given.
     */
    public static SparkSession forMaster(String appName, String master) {
        if (master == null && System.getProperty("spark.master") != null) {
            return SparkSession.builder().appName(appName).getOrCreate();
        }
        String chosen = master == null ? "local[2]" : master;
        java.util.regex.Matcher local = java.util.regex.Pattern.compile("local\\[(\\d+)]").matcher(chosen);
        if (local.matches()) {
            return local(appName, Integer.parseInt(local.group(1)));
        }
        if (chosen.startsWith("local")) {
            throw new IllegalArgumentException("Invalid value " + chosen + " for master: use local[N] with a thread count,"
                    + " or a cluster master URL");
        }
        return SparkSession.builder().appName(appName).master(chosen).getOrCreate();
    }
}
