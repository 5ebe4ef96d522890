package dev.lockstep.features.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation ({@code -prof dev.lockstep.features.bench.CpuTimeProfiler}). On this shared
 * 2-core machine other builds take the cores away for most of a wall-clock second, so a throughput or an
 * average time measures the neighbours as much as the code; CPU time does not count the time the
 * benchmark waited for a core. Two figures, both over slightly more than the measured window (so they
 * err high, never low):
 * <ul>
 *   <li>{@code cpu.time.norm}: the whole JVM, GC and late JIT compilation included. Under heavy load it
 *       also counts the GC workers' spinning while they wait for each other, so it grows with the load.
 *   <li>{@code cpu.java.norm}: the JVM's Java threads only (the benchmark thread and JMH's mostly idle
 *       ones), without the GC's and JIT's native threads: the benchmark code itself.
 * </ul>
 * {@code 1e9 / ns-per-op} is operations per CPU-second, i.e. on one core.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long startProcessNanos;
    private long startJavaNanos;

    @Override
    public String getDescription() {
        return "CPU time per operation: whole JVM, and Java threads only";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startJavaNanos = javaThreadsCpuNanos();
        startProcessNanos = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long processNanos = os.getProcessCpuTime() - startProcessNanos;
        long javaNanos = javaThreadsCpuNanos() - startJavaNanos;
        long ops = result.getMetadata().getMeasuredOps();
        return List.of(
                new ScalarResult("cpu.time.norm", perOp(processNanos, ops), "ns/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.java.norm", perOp(javaNanos, ops), "ns/op", AggregationPolicy.AVG));
    }

    private static double perOp(long nanos, long ops) {
        return ops == 0 ? Double.NaN : (double) nanos / ops;
    }

    /** Summed over the live Java threads; the benchmark's worker threads live for the whole fork. */
    private long javaThreadsCpuNanos() {
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            total += Math.max(0, threads.getThreadCpuTime(id)); // -1 for a thread that ended meanwhile
        }
        return total;
    }
}
