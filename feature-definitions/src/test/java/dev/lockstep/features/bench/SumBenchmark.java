package dev.lockstep.features.bench;

import dev.lockstep.features.agg.ExactDoubleSum;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one exact double add against a naive {@code double +=}, on the same values in the same run.
 * Each invocation adds {@link #VALUES} values, so the score is per value added.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SumBenchmark {
    static final int VALUES = 1024;

    private double[] values;
    private ExactDoubleSum exact;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        values = new double[VALUES];
        for (int i = 0; i < VALUES; i++) {
            // Amounts spanning a few orders of magnitude, of both signs, as feature columns do.
            values[i] = (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(-3, 7));
        }
        exact = new ExactDoubleSum();
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public double naiveDoubleAdd() {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public ExactDoubleSum exactDoubleAdd() {
        ExactDoubleSum sum = exact;
        for (double v : values) {
            sum.add(v);
        }
        return sum;
    }
}
