package dev.lockstep.parity.cli;

import dev.lockstep.batch.BatchSession;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.parity.check.KeySample;
import dev.lockstep.parity.check.ParityCheck;
import dev.lockstep.parity.report.FeatureParity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code parity check}: served values at t against a batch recompute from the archive, for a hash sample
 * of entities; prints per-feature mismatch ratios and exits 1 when one is over the threshold.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Compare served values at a time with a batch recompute from the archive, for a sample of entities.")
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec command;

    @Option(names = "--spec", required = true, description = "The feature spec file (YAML).")
    Path specFile;

    @Option(names = "--archive", required = true, description = "The archive directory (local path or Hadoop URI).")
    String archive;

    @Option(names = "--redis", required = true, description = "The online store, e.g. redis://localhost:6379, or a Redis Cluster's seeds: redis-cluster://h1:6379,h2:6379.")
    String redis;

    @Option(names = "--at", required = true, description = "Read time, epoch millis; at or before the streaming watermark.")
    long at;

    @Option(names = "--sample-ratio", defaultValue = "0.01", description = "Share of entities checked, by key hash (default ${DEFAULT-VALUE}).")
    double sampleRatio;

    @Option(names = "--threshold", defaultValue = "0", description = "Largest mismatch ratio a feature may have (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--spark-threads", defaultValue = "2", description = "Local Spark threads when not run by spark-submit (default ${DEFAULT-VALUE}).")
    int sparkThreads;

    @Option(names = "--report", description = "Directory to write parity-check.json and parity-check.txt into.")
    Path reportDir;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        FeatureSpec spec = FeatureSpecLoader.load(specFile);
        ParityCheck.Options options = new ParityCheck.Options(spec, SpecHandle.ofFile(specFile), archive, redis, at,
                new KeySample(sampleRatio), threshold, sparkThreads);
        // Under spark-submit (or embedded next to a running session) the session exists: use it, leave it running.
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = BatchSession.local("lockstep-parity-check", sparkThreads);
        ParityCheck.Outcome outcome;
        try {
            outcome = ParityCheck.run(options, spark, System.err);
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
        out.print(outcome.report().summary());
        out.printf(Locale.ROOT, "%d entities sampled (ratio %s); threshold %s%n", outcome.sampledEntities(),
                sampleRatio, threshold);
        for (FeatureParity f : outcome.report().pairs().get(0).features()) {
            out.printf(Locale.ROOT, "  %-40s mismatch ratio %.6f (%d of %d rows)%n", f.feature(), f.mismatchRatio(),
                    f.mismatched() + f.missing() + f.extra(), f.rows());
        }
        if (reportDir != null) {
            out.println("report: " + outcome.report().write(reportDir, "parity-check"));
        }
        if (!outcome.passed()) {
            out.println("OVER THRESHOLD: " + outcome.overThreshold().stream().map(FeatureParity::feature).toList());
        }
        out.flush();
        return outcome.passed() ? 0 : 1;
    }
}
