package dev.lockstep.batch.cli;

import dev.lockstep.batch.BatchSession;
import dev.lockstep.batch.offline.LabelsFile;
import dev.lockstep.batch.offline.OfflineOutputException;
import dev.lockstep.batch.offline.OfflineTileTable;
import dev.lockstep.batch.offline.TableManifest;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.Label;
import dev.lockstep.batch.recompute.OpenTileReach;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.TrainingRow;
import dev.lockstep.batch.recompute.TrainingSet;
import dev.lockstep.features.engine.SourcePlan;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;

/**
 * {@code training-set --table}: the tiles closed at each label's time read from an offline tile table, and only
 * the arrivals just before the labels recomputed from the input, for the tiles still open then
 * ({@link TrainingSet#lookBackRange}); labels after the table's end also read the tiles still open at that end
 * from there, so a table kept up to last midnight serves labels up to now. A table kept by daily
 * {@code recompute --extend} runs holds months of closed tiles, so a training set for last week's labels with
 * 30-day windows reads a week and a day of the archive instead of five weeks. The rows equal those of
 * {@code training-set --from <table's start>}.
 */
final class TableTrainingSet {

    private final CommandLine commandLine;
    private final InputOptions input;
    private final String labels;
    private final String table;
    private final TrainingSetCommand command;

    TableTrainingSet(CommandLine commandLine, InputOptions input, String labels, String table, TrainingSetCommand command) {
        this.commandLine = commandLine;
        this.input = input;
        this.labels = labels;
        this.table = table;
        this.command = command;
    }

    int run(PrintWriter console) {
        for (String option : List.of("--from", "--to")) {
            if (commandLine.getParseResult().hasMatchedOption(option)) {
                throw new CommandLine.ParameterException(commandLine, option + " does not apply to --table: the labels"
                        + " give the range to recompute, and they must lie in the table's range");
            }
        }
        TableManifest manifest = TableManifest.requireOf(table, "read for a training set");
        JobSelection selection = selectTableGroups(manifest);
        ArchiveRange known = settledRange(manifest);
        SparkSession spark = BatchSession.forMaster("lockstep-training-set", input.master);
        try (SparkProgress progress = new SparkProgress(spark, console, input.progressInterval)) {
            JavaRDD<Label> labelRows = LabelsFile.read(spark, labels).persist(StorageLevel.MEMORY_AND_DISK());
            checkNoLabelBefore(labelRows, manifest);
            if (labelRows.isEmpty()) {
                throw new BatchCliException("labels file " + labels + " holds no labels: there is no training set to build",
                        null);
            }
            long first = labelRows.map(Label::timeMillis).min(Comparator.naturalOrder());
            long last = labelRows.map(Label::timeMillis).max(Comparator.naturalOrder());
            BatchJob job = selection.over(TrainingSet.lookBackRange(known,
                    earliestArrival(selection, TrainingSet.lookBackAt(known, first)), first, last));
            job.describe(console, "training set for " + labels + " from table " + table + " (closed tiles of arrivals ["
                    + manifest.from() + ", " + manifest.settledUntil() + ")), recomputing the tiles open at the labels");
            manifest.incompleteness().ifPresent(why -> console.printf("note: %s: rows whose windows read them may"
                    + " count too little%n", why));
            job.checkInput(console);
            Map<String, RecomputeResult> results = job.recompute(spark);
            OfflineTileTable tiles = new OfflineTileTable(spark, table);
            Map<String, JavaRDD<TrainingRow>> rowsByGroup = new LinkedHashMap<>();
            results.forEach((source, result) -> job.groupsBySource().get(source).forEach(group -> {
                // Only the tiles some label can read: a table kept for a year is not read whole.
                var firstStarts = TrainingSet.oldestTilesRead(result.spec().plan(source).group(group), first);
                rowsByGroup.put(group, TrainingSet.build(tiles.closedTiles(group, firstStarts, last), known, result, group,
                        labelRows));
            }));
            return command.write(console, spark, job, results, rowsByGroup, "(a window reaches before the table's range)");
        }
    }

    /** The groups asked for (by default the table's), which the table must hold in the spec's tile formats. */
    private JobSelection selectTableGroups(TableManifest manifest) {
        if (input.groups == null) {
            input.groups = List.copyOf(manifest.groups()); // the table's groups, not the spec's, by default
        }
        JobSelection selection = input.select(commandLine);
        selection.groupsBySource().values().forEach(groups ->
                InputOptions.requireTableHolds(commandLine, table, manifest, groups));
        manifest.checkTileFormats(selection.spec(), table, input.groups);
        return selection;
    }

    /** The arrivals the table knows all of: its range, up to where its input was complete when recomputed. */
    private ArchiveRange settledRange(TableManifest manifest) {
        if (!manifest.settledUntil().isAfter(manifest.from())) {
            throw new OfflineOutputException("table " + table + " was recomputed at " + manifest.settledUntil()
                    + ", before its range [" + manifest.from() + ", " + manifest.to() + ") began: it holds no settled"
                    + " arrival, so no label can be read from it; recompute the range now that it has passed", null);
        }
        return new ArchiveRange(manifest.from().toEpochMilli(), manifest.settledUntil().toEpochMilli());
    }

    /** Fails before recomputing when a label lies before the table's range: its tiles hold nothing from before. */
    private void checkNoLabelBefore(JavaRDD<Label> labelRows, TableManifest manifest) {
        long from = manifest.from().toEpochMilli();
        JavaRDD<Label> before = labelRows.filter(l -> l.timeMillis() < from);
        long count = before.count();
        if (count > 0) {
            Label first = before.first();
            throw new BatchCliException(count + " label(s) in " + labels + " lie before the range of table " + table
                    + ", which starts at " + manifest.from() + ", e.g. " + first.entity() + " at "
                    + Instant.ofEpochMilli(first.timeMillis()) + ": give --from/--to instead of --table", null);
        }
    }

    /** The earliest arrival of an event in a tile of the selected groups still open at {@code at}. */
    private static long earliestArrival(JobSelection selection, long at) {
        long earliest = Long.MAX_VALUE;
        for (Map.Entry<String, Set<String>> source : selection.groupsBySource().entrySet()) {
            SourcePlan plan = selection.spec().plan(source.getKey());
            for (String group : source.getValue()) {
                earliest = Math.min(earliest, OpenTileReach.earliestArrival(plan.source(), plan.group(group), at));
            }
        }
        return earliest;
    }
}
