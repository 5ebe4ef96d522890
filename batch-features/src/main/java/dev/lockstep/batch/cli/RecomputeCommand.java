package dev.lockstep.batch.cli;

import dev.lockstep.batch.offline.AtomicOutput;
import dev.lockstep.batch.offline.OfflineTileTable;
import dev.lockstep.batch.offline.OutputFormat;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.RecomputedTile;
import java.io.PrintWriter;
import java.util.Map;
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
 * whole, so a re-run leaves exactly one run's output.
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

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        BatchJob job = input.resolve(spec.commandLine());
        job.describe(console, "recompute");
        job.checkInput(console);
        SparkSession spark = job.startSpark("lockstep-recompute");
        try (SparkProgress progress = job.progress(spark, console)) {
            Map<String, RecomputeResult> results = job.recompute(spark);
            JavaRDD<RecomputedTile> tiles = job.selectedTiles(results);
            BatchJob.printTileCounts(console, tiles);
            BatchJob.printRecordCounts(console, results);
            if (job.dryRun()) {
                console.printf("dry run: would replace %s with these tiles (%s) and the rejections; wrote nothing%n", out, format);
                return 0;
            }
            AtomicOutput.replace(out, tmp -> {
                new OfflineTileTable(spark, tmp + "/tiles").write(tiles, format);
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
