package dev.lockstep.batch.cli;

import dev.lockstep.batch.offline.AtomicOutput;
import dev.lockstep.batch.offline.OfflineTileTable;
import dev.lockstep.batch.offline.OutputFormat;
import dev.lockstep.batch.offline.TableExtension;
import dev.lockstep.batch.offline.TableExtension.Extended;
import dev.lockstep.batch.offline.TableManifest;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.SkippedFile;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code recompute}: tiles of a range as an offline table ({@code OUT/tiles}, partitioned by group and
 * day) and the range's rejected records ({@code OUT/rejections}). The output directory is replaced
 * whole, so a re-run leaves exactly one run's output. With {@code --extend}, the output already there (of
 * the range that ends at {@code --from}) is extended by this range: its tiles merged with this run's
 * ({@link TableExtension}), its rejections kept beside this run's, and the result again replaces it whole.
 */
@Command(name = "recompute", mixinStandardHelpOptions = true,
        description = "Recompute the tiles of a time range into an offline tile table (and the rejected records).")
final class RecomputeCommand implements Callable<Integer> {

    private static final StructType REJECTIONS = new StructType()
            .add("topic", DataTypes.StringType, false)
            .add("partition", DataTypes.IntegerType, false)
            .add("offset", DataTypes.LongType, false)
            .add("arrival", DataTypes.LongType, false)
            .add("reason", DataTypes.StringType, false)
            .add("message", DataTypes.StringType, false);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions input;

    @Option(names = "--out", required = true, paramLabel = "<dir>", description = "output directory (replaced)")
    String out;

    @Option(names = "--format", defaultValue = "parquet", paramLabel = "<format>",
            description = "parquet or csv (IR bytes as hex; for inspection)", converter = FormatConverter.class)
    OutputFormat format;

    @Option(names = "--extend", description = "extend the output already in --out (a recompute of the range that"
            + " ends at --from, for the same groups) by this range, instead of replacing it with this range alone")
    boolean extend;

    private final Clock clock;

    RecomputeCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        // Before any input is read: records arriving after this may be missing, so the run is settled up to here.
        Instant started = clock.instant();
        BatchJob job = input.resolve(spec.commandLine());
        job.describe(console, "recompute");
        TableManifest runManifest = TableManifest.ofRun(job.range(), job.spec(),
                job.groupsBySource().values().stream().flatMap(Set::stream).toList(), started);
        if (!runManifest.settled()) {
            console.printf("note: the range ends at %s, after now (%s): records still to arrive are missing, so tiles are"
                    + " judged closed too early; the table is marked unsettled and will not be backfilled%n",
                    runManifest.to(), started);
        }
        String previous = out + "/tiles";
        if (extend) {
            if (format != OutputFormat.PARQUET) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--extend needs --format parquet: a CSV table cannot be read back");
            }
            TableManifest table = TableExtension.check(previous, runManifest, job.spec());
            console.printf("extending %s: arrivals [%s, %s) to [%s, %s)%n", out, table.from(), table.to(),
                    table.from(), runManifest.to());
            if (!table.settled()) {
                console.printf("note: the table's input was complete only until %s when it was recomputed, so the"
                        + " extended table is not settled either and will not be backfilled; recompute it from %s"
                        + " without --extend to settle it%n", table.settledUntil(), table.from());
            }
        }
        job.checkInput(console);
        SparkSession spark = job.startSpark("lockstep-recompute");
        try (SparkProgress progress = job.progress(spark, console)) {
            Map<String, RecomputeResult> results = job.recompute(spark);
            JavaRDD<RecomputedTile> tiles = job.selectedTiles(results);
            BatchJob.printTileCounts(console, tiles);
            BatchJob.printRecordCounts(console, results);
            List<String> skipped = results.values().stream().flatMap(r -> r.skippedFiles().stream())
                    .map(SkippedFile::file).toList();
            // The table records the files it lacks, so a backfill from it publishes no watermark, as one
            // straight from this recompute would not.
            TableManifest manifest = runManifest.withSkippedFiles(skipped);
            if (!skipped.isEmpty()) {
                console.printf("note: %d archive file(s) were skipped as bad: the table records them, and a backfill"
                        + " from it will publish no batch watermark%n", skipped.size());
            }
            if (job.dryRun()) {
                console.printf("dry run: would %s %s with these tiles (%s) and the rejections; wrote nothing%n",
                        extend ? "extend" : "replace", out, format);
                return 0;
            }
            AtomicOutput.replace(out, tmp -> {
                if (extend) {
                    Extended extended = TableExtension.extend(new OfflineTileTable(spark, previous), tiles,
                            manifest, job.spec());
                    int kept = extended.writeTo(new OfflineTileTable(spark, tmp + "/tiles"));
                    console.printf("extended %s: %d day partition(s) kept as they were, the later days rewritten%n",
                            out, kept);
                } else {
                    new OfflineTileTable(spark, tmp + "/tiles").write(tiles, manifest, format);
                }
                writeRejections(spark, results, tmp + "/rejections");
            });
            console.printf("wrote %s/tiles and %s/rejections (%s)%n", out, out, format);
            BatchJob.release(results);
        }
        return 0;
    }

    private void writeRejections(SparkSession spark, Map<String, RecomputeResult> results, String path) {
        Dataset<Row> all = null;
        for (RecomputeResult result : results.values()) {
            Dataset<Row> rows = spark.createDataFrame(result.rejections().map(r -> RowFactory.create(r.topic(),
                    r.partition(), r.offset(), r.arrival(), r.reason().name(), r.message())), REJECTIONS);
            all = all == null ? rows : all.union(rows);
        }
        if (extend) {
            all = spark.read().schema(REJECTIONS).parquet(out + "/rejections").union(all);
        }
        var writer = all.orderBy("topic", "partition", "offset").write().mode(SaveMode.ErrorIfExists);
        if (format == OutputFormat.PARQUET) {
            writer.parquet(path);
        } else {
            writer.option("header", "true").csv(path);
        }
    }

    /** {@code parquet} or {@code csv}, case-insensitive. */
    static final class FormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an output format: use parquet or csv");
            }
        }
    }
}
