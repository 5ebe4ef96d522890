package dev.lockstep.batch.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Shows a long run's progress: every interval, each active Spark stage with its completed, running and
 * total tasks, from Spark's status tracker (no UI needed). Silent while no stage runs.
 */
final class SparkProgress implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lockstep-batch-progress");
        thread.setDaemon(true);
        return thread;
    });
    private final long started = System.nanoTime();

    SparkProgress(SparkSession spark, PrintWriter out, Duration interval) {
        var tracker = JavaSparkContext.fromSparkContext(spark.sparkContext()).statusTracker();
        timer.scheduleAtFixedRate(() -> {
            for (int stageId : tracker.getActiveStageIds()) {
                SparkStageInfo stage = tracker.getStageInfo(stageId);
                if (stage != null) {
                    out.printf("  [%5.1f s] stage %d (%s): %d/%d tasks done, %d running%n",
                            (System.nanoTime() - started) / 1e9, stageId, shortName(stage.name()),
                            stage.numCompletedTasks(), stage.numTasks(), stage.numActiveTasks());
                }
            }
            out.flush();
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String shortName(String name) {
        int at = name.indexOf(" at ");
        return at > 0 ? name.substring(0, at) : name;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
