package dev.lockstep.batch.offline;

import dev.lockstep.batch.recompute.RecomputedTile;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Recomputed tiles as a Parquet table, partitioned by feature group and by the UTC day of the tile's
 * start, so a training-set or parity job reads only the groups and days it needs. IR bytes are stored
 * exactly as the engine encoded them (the same bytes as in Redis); only the read side finalizes.
 *
 * <p>One table directory per recompute run: writing into an existing directory fails rather than
 * mixing tiles of two runs (a partial day from one run would otherwise shadow or duplicate another's).
 */
public final class OfflineTileTable {

    public static final String GROUP = "group";
    public static final String DAY = "day";
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField(GROUP, DataTypes.StringType, false),
        DataTypes.createStructField(DAY, DataTypes.StringType, false),
        DataTypes.createStructField("entity", DataTypes.StringType, false),
        DataTypes.createStructField("hop_millis", DataTypes.LongType, false),
        DataTypes.createStructField("tile_index", DataTypes.LongType, false),
        DataTypes.createStructField("ir_bytes", DataTypes.BinaryType, false),
        DataTypes.createStructField("event_count", DataTypes.LongType, false),
        DataTypes.createStructField("closed", DataTypes.BooleanType, false),
        DataTypes.createStructField("complete", DataTypes.BooleanType, false),
    });

    private final SparkSession spark;
    private final String path;

    public OfflineTileTable(SparkSession spark, String path) {
        this.spark = spark;
        this.path = path;
    }

    /** Writes the tiles as a new table; fails if the table directory already exists. */
    public void write(JavaRDD<RecomputedTile> tiles) {
        write(tiles, OutputFormat.PARQUET);
    }

    /**
     * Writes the tiles as a new table in the given format; fails if the table directory already exists.
     * CSV (for inspection, not for reading back) holds the IR bytes as hex.
     */
    public void write(JavaRDD<RecomputedTile> tiles, OutputFormat format) {
        Dataset<Row> rows = spark.createDataFrame(tiles.map(OfflineTileTable::toRow), SCHEMA);
        if (format == OutputFormat.PARQUET) {
            rows.write().mode(SaveMode.ErrorIfExists).partitionBy(GROUP, DAY).parquet(path);
        } else {
            rows.withColumn("ir_bytes", functions.hex(functions.col("ir_bytes"))).write().mode(SaveMode.ErrorIfExists)
                    .partitionBy(GROUP, DAY).option("header", "true").csv(path);
        }
    }

    /** The table's rows, with the partition columns restored. */
    public Dataset<Row> rows() {
        return spark.read().schema(SCHEMA).parquet(path);
    }

    /** The tiles of one group (only that group's partitions are read). */
    public JavaRDD<RecomputedTile> tiles(String group) {
        return rows().where(functions.col(GROUP).equalTo(group)).javaRDD().map(OfflineTileTable::fromRow);
    }

    /** The UTC day ({@code yyyy-MM-dd}) a tile is filed under: the day of its first event time. */
    public static String dayOf(RecomputedTile tile) {
        return Instant.ofEpochMilli(tile.tileKey().startMillis()).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static Row toRow(RecomputedTile tile) {
        return RowFactory.create(tile.group(), dayOf(tile), tile.entity(), tile.hopMillis(), tile.index(),
                tile.irs(), tile.events(), tile.closed(), tile.complete());
    }

    private static RecomputedTile fromRow(Row row) {
        return new RecomputedTile(row.getAs(GROUP), row.getAs("entity"), row.<Long>getAs("hop_millis"),
                row.<Long>getAs("tile_index"), row.getAs("ir_bytes"), row.<Long>getAs("event_count"),
                row.<Boolean>getAs("closed"),
                row.<Boolean>getAs("complete"));
    }
}
