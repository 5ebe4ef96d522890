package dev.lockstep.batch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

/**
 * Per Spark stage of a benchmark round: its wall time, its tasks' run, CPU and GC time, and how busy it
 * kept the executor's cores ({@code run time / (wall x cores)}). A core a stage leaves idle (a last wave
 * of fewer tasks than cores, a straggler) is time no faster code in the tasks can win back.
 */
final class StageTimes extends SparkListener {

    /** Per stage id: tasks, run ms, CPU ns, GC ms, the longest task's ms. */
    private final Map<Integer, long[]> tasks = new ConcurrentHashMap<>();
    private final List<String> lines = new ArrayList<>();
    private final int cores;

    StageTimes(int cores) {
        this.cores = cores;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        TaskMetrics metrics = end.taskMetrics();
        if (metrics == null) {
            return;
        }
        long[] sums = tasks.computeIfAbsent(end.stageId(), id -> new long[5]);
        synchronized (sums) {
            sums[0]++;
            sums[1] += metrics.executorRunTime();
            sums[2] += metrics.executorCpuTime();
            sums[3] += metrics.jvmGCTime();
            sums[4] = Math.max(sums[4], metrics.executorRunTime());
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted completed) {
        StageInfo info = completed.stageInfo();
        long[] sums = tasks.remove(info.stageId());
        if (sums == null) {
            sums = new long[5];
        }
        long wall = info.completionTime().isDefined() && info.submissionTime().isDefined()
                ? (long) info.completionTime().get() - (long) info.submissionTime().get() : 0;
        synchronized (lines) {
            lines.add(String.format("stage %d (%s): %d tasks, %.1f s wall, task run %.1f s (CPU %.1f s, GC %.1f s,"
                            + " longest task %.1f s), cores busy %.2f", info.stageId(), info.name(), sums[0],
                    wall / 1e3, sums[1] / 1e3, sums[2] / 1e9, sums[3] / 1e3, sums[4] / 1e3,
                    wall == 0 ? 0.0 : sums[1] / (double) (wall * cores)));
        }
    }

    /** The lines of the stages completed since the last call. */
    List<String> drain() {
        synchronized (lines) {
            List<String> drained = new ArrayList<>(lines);
            lines.clear();
            return drained;
        }
    }
}
