package dev.lockstep.parity.harness;

import dev.lockstep.batch.BatchSession;
import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session for every test class of the JVM: starting one costs seconds on a small machine.
 * Never stopped by a test; it ends with the JVM. The parity check reuses it (it stops only a session it
 * started itself).
 */
public final class TestSpark {

    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            session = BatchSession.local("parity-tests", 2);
        }
        return session;
    }
}
