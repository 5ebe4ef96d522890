package dev.lockstep.batch;

import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession of a test JVM. Starting Spark costs seconds on a small machine, so all
 * Spark test classes share it; Spark's own shutdown hook stops it when the JVM exits.
 */
public final class TestSpark {

    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            session = BatchSession.local("lockstep-batch-tests", 2);
        }
        return session;
    }
}
