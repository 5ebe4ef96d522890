package dev.lockstep.parity.check;

import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.TileRecompute;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.parity.report.FeatureParity;
import dev.lockstep.parity.report.PairReport;
import dev.lockstep.parity.report.ParityComparison;
import dev.lockstep.parity.report.ParityReport;
import dev.lockstep.parity.report.SideValues;
import dev.lockstep.store.GroupLayout;
import dev.lockstep.store.RedisOnlineStore;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The on-call parity check: for a hash sample of the entities in the archive, the values served at t
 * (online-store tiles, window read at t) against the values batch recomputes for t from the archive
 * (point-in-time training rows). Served values are only comparable once the pipeline has caught up to t:
 * pick t at or before the streaming watermark.
 */
public final class ParityCheck {

    /** Names of the two sides in the report. */
    public static final String BATCH = "batch";
    public static final String SERVED = "served";

    private ParityCheck() {
    }

    /**
     * @param threshold the largest mismatch ratio (mismatched + missing + extra over rows) a feature may have
     */
    public record Options(FeatureSpec spec, SpecHandle specHandle, String archiveDirectory, String redisUri, long at,
                          KeySample sample, double threshold, int inputPartitions) {

        public Options {
            if (!(threshold >= 0.0 && threshold <= 1.0)) {
                throw new IllegalArgumentException("Invalid value " + threshold + " for threshold: must be in [0, 1]");
            }
            if (inputPartitions < 1) {
                throw new IllegalArgumentException("Invalid value " + inputPartitions + " for input partitions: must be >= 1");
            }
        }
    }

    /** The report, how many entities were sampled, and the features over the threshold. */
    public record Outcome(ParityReport report, int sampledEntities, List<FeatureParity> overThreshold) {

        public boolean passed() {
            return overThreshold.isEmpty();
        }
    }

    public static Outcome run(Options options, SparkSession spark, PrintStream progress) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<GroupLayout> layouts = new ArrayList<>();
        SourcePlan.compileAll(options.spec()).forEach(source -> source.groups().forEach(g -> layouts.add(GroupLayout.of(g))));
        SideValues batch = new SideValues(BATCH);
        SideValues served = new SideValues(SERVED);
        Set<String> sampled = new TreeSet<>();
        // The range starts at the epoch: every archived record counts, so every window is complete.
        ArchiveRange range = new ArchiveRange(0, options.at() + 1);
        try (RedisOnlineStore store = RedisOnlineStore.connect(options.redisUri(), layouts, Clock.systemUTC())) {
            for (SourcePlan source : SourcePlan.compileAll(options.spec())) {
                progress.printf("recomputing source %s from %s up to %d%n", source.source().name(),
                        options.archiveDirectory(), options.at());
                RecomputeResult recompute = new TileRecompute(spark, options.specHandle(), source.source().name())
                        .run(options.archiveDirectory(), range, options.inputPartitions());
                for (GroupPlan group : source.groups()) {
                    Set<String> entities = new TreeSet<>();
                    RecomputedValues.entities(recompute, group.name()).stream()
                            .filter(options.sample()::includes).forEach(entities::add);
                    progress.printf("group %s: %d entities sampled%n", group.name(), entities.size());
                    sampled.addAll(entities);
                    RecomputedValues.read(jsc, recompute, group.name(), entities, List.of(options.at()), batch);
                    ServedValues.read(store, group, entities, options.at(), served);
                }
            }
        }
        PairReport pair = ParityComparison.compare(batch, served);
        ParityReport report = new ParityReport("parity check at " + options.at(), List.of(pair), List.of());
        List<FeatureParity> over = pair.features().stream()
                .filter(f -> f.mismatchRatio() > options.threshold()).toList();
        return new Outcome(report, sampled.size(), over);
    }
}
