package dev.lockstep.batch.cli;

import dev.lockstep.batch.offline.AtomicOutput;
import dev.lockstep.batch.offline.LabelsFile;
import dev.lockstep.batch.offline.OutputFormat;
import dev.lockstep.batch.offline.TrainingSetTable;
import dev.lockstep.batch.recompute.Label;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.TrainingRow;
import dev.lockstep.batch.recompute.TrainingSet;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code training-set}: for each label (entity, time, label) the selected groups' feature values as
 * serving would have returned them at that time (arrival &lt;= t), one table per group under
 * {@code OUT/<group>}. Label times must lie in {@code [--from, --to)}; rows whose longest window reaches
 * before {@code --from} are marked {@code complete = false}. With {@code --table}, the closed tiles come from
 * an offline tile table instead (see {@link TableTrainingSet}), and only the arrivals just before the labels
 * are recomputed.
 */
@Command(name = "training-set", mixinStandardHelpOptions = true,
        description = "Point-in-time feature values for a labels file (CSV: entity,time,label), as Parquet or CSV.")
final class TrainingSetCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions input;

    @Option(names = "--labels", required = true, paramLabel = "<file>",
            description = "CSV with header entity,time,label; time an ISO instant or epoch millis")
    String labels;

    @Option(names = "--out", required = true, paramLabel = "<dir>", description = "output directory (replaced)")
    String out;

    @Option(names = "--format", defaultValue = "parquet", paramLabel = "<format>", description = "parquet or csv",
            converter = RecomputeCommand.FormatConverter.class)
    OutputFormat format;

    @Option(names = "--table", paramLabel = "<dir>",
            description = "read closed tiles from this offline tile table (a recompute's OUT/tiles) and recompute only"
                    + " the arrivals just before the labels; no --from/--to: label times must lie in the table's range")
    String table;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        if (!labels.contains("://") && !Files.isReadable(Path.of(labels))) {
            throw new BatchCliException("labels file " + labels + " does not exist or is not readable", null);
        }
        if (table != null) {
            return new TableTrainingSet(spec.commandLine(), input, labels, table, this).run(console);
        }
        BatchJob job = input.resolve(spec.commandLine());
        job.describe(console, "training set for " + labels);
        job.checkInput(console);
        SparkSession spark = job.startSpark("lockstep-training-set");
        try (SparkProgress progress = job.progress(spark, console)) {
            JavaRDD<Label> labelRows = LabelsFile.read(spark, labels).persist(StorageLevel.MEMORY_AND_DISK());
            checkLabelTimes(job, labelRows);
            Map<String, RecomputeResult> results = job.recompute(spark);
            BatchJob.keepTiles(results);
            Map<String, JavaRDD<TrainingRow>> rowsByGroup = new LinkedHashMap<>();
            results.forEach((source, result) -> job.groupsBySource().get(source).forEach(group ->
                    rowsByGroup.put(group, TrainingSet.build(result, group, labelRows))));
            return write(console, spark, job, results, rowsByGroup, "(a window reaches before --from)");
        }
    }

    /** Prints the rows' counts, then writes one table per group (or, in a dry run, says what it would write). */
    int write(PrintWriter console, SparkSession spark, BatchJob job, Map<String, RecomputeResult> results,
              Map<String, JavaRDD<TrainingRow>> rowsByGroup, String incompleteWhy) {
        rowsByGroup.replaceAll((group, rows) -> rows.persist(StorageLevel.MEMORY_AND_DISK()));
        rowsByGroup.forEach((group, rows) -> console.printf("  group %s: %,d rows, %,d of them incomplete %s%n", group,
                rows.count(), rows.filter(r -> !r.complete()).count(), incompleteWhy));
        BatchJob.printRecordCounts(console, results);
        if (job.dryRun()) {
            console.printf("dry run: would replace %s with one %s table per group %s; wrote nothing%n", out, format,
                    rowsByGroup.keySet());
            return 0;
        }
        AtomicOutput.replace(out, tmp -> rowsByGroup.forEach((group, rows) -> {
            var plan = results.entrySet().stream().filter(e -> job.groupsBySource().get(e.getKey()).contains(group))
                    .findFirst().orElseThrow().getValue();
            TrainingSetTable.write(TrainingSetTable.toDataset(spark, plan.spec().plan(plan.sourceName()).group(group),
                    rows), tmp + "/" + group, format);
        }));
        console.printf("wrote %s/<group> for %s (%s)%n", out, rowsByGroup.keySet(), format);
        return 0;
    }

    /** Fails before recomputing when a label lies outside the range (its features are not known there). */
    private void checkLabelTimes(BatchJob job, JavaRDD<Label> labelRows) {
        long from = job.range().fromMillis();
        long to = job.range().toMillis();
        JavaRDD<Label> outside = labelRows.filter(l -> l.timeMillis() < from || l.timeMillis() >= to);
        long count = outside.count();
        if (count > 0) {
            Label first = outside.first();
            throw new BatchCliException(count + " label(s) in " + labels + " lie outside [--from, --to) = ["
                    + Instant.ofEpochMilli(from) + ", " + Instant.ofEpochMilli(to) + "), e.g. " + first.entity() + " at "
                    + Instant.ofEpochMilli(first.timeMillis()) + ": widen the range (start it a longest window before the"
                    + " first label)", null);
        }
    }
}
