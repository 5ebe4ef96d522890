package dev.lockstep.app.demo;

import dev.lockstep.batch.BatchSession;
import dev.lockstep.batch.backfill.BackfillReport;
import dev.lockstep.batch.backfill.RedisBackfill;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.Label;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.TileRecompute;
import dev.lockstep.batch.recompute.TrainingRow;
import dev.lockstep.batch.recompute.TrainingSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The demo's batch step, on Spark in this process (local mode): recompute the archived arrival range
 * through the engine, backfill Redis with its closed tiles (guarded: never over fresher streaming data),
 * build a point-in-time training set for the generator's labels, and train the example model into
 * serving's model directory.
 */
final class BatchStep {

    static final String SPEC_RESOURCE = "examples/fraud/features.yaml";
    static final String SOURCE = "transactions";
    static final String GROUP = "card_txn";

    private BatchStep() {
    }

    /** What the step reads and where it writes. */
    record Inputs(Path archive, ArchiveRange range, List<LabelledTransaction> labels, String redisUri,
                  Path workDir, Path modelsRoot, String service, long seed) {
    }

    /** What the step did, for the demo's log. */
    record Result(long tiles, BackfillReport backfill, int trainingRows, long fraudRows, DemoModel.Trained model) {
    }

    static Result run(Inputs in) throws java.io.IOException {
        SparkSession spark = BatchSession.local("lockstep-demo-batch", 2);
        try {
            SpecHandle spec = SpecHandle.ofResource(SPEC_RESOURCE);
            RecomputeResult recompute = new TileRecompute(spark, spec, SOURCE).run(in.archive().toString(), in.range(), 2);
            long tiles = recompute.tiles().count();
            BackfillReport backfill = new RedisBackfill(in.redisUri(), Clock.systemUTC()).write(recompute);

            Map<String, LabelledTransaction> byKey = labelsIn(in.labels(), in.range());
            List<Label> labels = byKey.values().stream()
                    .map(t -> new Label(t.card(), t.sentAtMillis(), t.fraud() ? 1 : 0)).toList();
            List<TrainingRow> rows = TrainingSet.build(recompute, GROUP,
                    JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(labels, 2)).collect();
            List<Map<String, Double>> request = new ArrayList<>(rows.size());
            for (TrainingRow row : rows) {
                request.add(Map.of("amount", byKey.get(key(row.label().entity(), row.label().timeMillis())).amount()));
            }
            Path csv = Files.createDirectories(in.workDir().resolve("training")).resolve("training-set.csv");
            TrainingSetCsvWriter.write(csv, GROUP, rows, request);
            long fraud = rows.stream().filter(r -> r.label().value() == 1).count();
            DemoModel.Trained model = DemoModel.train(csv, in.modelsRoot(), in.service(), in.seed());
            return new Result(tiles, backfill, rows.size(), fraud, model);
        } finally {
            spark.stop();
        }
    }

    /**
     * The labels whose time lies in the range, one per (card, time): two transactions of a card in the same
     * millisecond would share their features but not their amount, so such pairs are left out.
     */
    private static Map<String, LabelledTransaction> labelsIn(List<LabelledTransaction> all, ArchiveRange range) {
        Map<String, LabelledTransaction> byKey = new LinkedHashMap<>();
        Map<String, Boolean> clashes = new LinkedHashMap<>();
        for (LabelledTransaction t : all) {
            if (range.contains(t.sentAtMillis())) {
                String key = key(t.card(), t.sentAtMillis());
                if (byKey.putIfAbsent(key, t) != null) {
                    clashes.put(key, true);
                }
            }
        }
        clashes.keySet().forEach(byKey::remove);
        return byKey;
    }

    private static String key(String card, long time) {
        return card + "@" + time;
    }
}
