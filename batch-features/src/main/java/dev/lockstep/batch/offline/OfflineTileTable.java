package dev.lockstep.batch.offline;

import dev.lockstep.batch.recompute.RecomputedTile;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
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
 * <p>A table is written whole, into a directory that does not exist yet: writing into an existing one
 * fails rather than mixing tiles of two runs (a partial day from one run would otherwise shadow or
 * duplicate another's). Beside its files it keeps its {@link TableManifest} (arrival range and groups), by
 * which {@link TableExtension} extends it with the run of the next range into a new table.
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

    /** Writes the tiles as a new Parquet table; fails if the table directory already exists. */
    public void write(JavaRDD<RecomputedTile> tiles, TableManifest manifest) {
        write(tiles, manifest, OutputFormat.PARQUET);
    }

    /**
     * Writes the tiles as a new table in the given format; fails if the table directory already exists.
     * A Parquet table gets its manifest. CSV (for inspection, not for reading back or extending) holds the
     * IR bytes as hex and gets none, so it is never taken for a table that can be extended.
     */
    public void write(JavaRDD<RecomputedTile> tiles, TableManifest manifest, OutputFormat format) {
        if (format == OutputFormat.CSV) {
            asRows(tiles).withColumn("ir_bytes", functions.hex(functions.col("ir_bytes"))).write()
                    .mode(SaveMode.ErrorIfExists).partitionBy(GROUP, DAY).option("header", "true").csv(path);
            return;
        }
        write(tiles, manifest, table -> 0);
    }

    /**
     * Writes the tiles as a new Parquet table, then lets {@code addPartitions} put whole partitions of other
     * files into it (an extension's kept days), then the manifest: a table with a manifest is complete.
     *
     * @return what {@code addPartitions} returned
     */
    int write(JavaRDD<RecomputedTile> tiles, TableManifest manifest, ToIntFunction<String> addPartitions) {
        asRows(tiles).write().mode(SaveMode.ErrorIfExists).partitionBy(GROUP, DAY).parquet(path);
        int added = addPartitions.applyAsInt(path);
        manifest.writeTo(path);
        return added;
    }

    public String path() {
        return path;
    }

    /** The table's manifest; empty for a table written before tables had one. */
    public Optional<TableManifest> manifest() {
        return TableManifest.readFrom(path);
    }

    /** The table's rows, with the partition columns restored. */
    public Dataset<Row> rows() {
        return spark.read().schema(SCHEMA).parquet(path);
    }

    /** All the table's tiles. */
    public JavaRDD<RecomputedTile> tiles() {
        return rows().javaRDD().map(OfflineTileTable::fromRow);
    }

    /** The rows of the given groups' days from the given one on (only those partitions are read). */
    Dataset<Row> rowsFrom(Map<String, String> firstDayByGroup) {
        Column wanted = functions.lit(false);
        for (Map.Entry<String, String> group : firstDayByGroup.entrySet()) {
            wanted = wanted.or(functions.col(GROUP).equalTo(group.getKey())
                    .and(functions.col(DAY).geq(group.getValue())));
        }
        return rows().where(wanted);
    }

    /** Tiles as rows of the table's {@link #SCHEMA}. */
    Dataset<Row> asRows(JavaRDD<RecomputedTile> tiles) {
        return spark.createDataFrame(tiles.map(OfflineTileTable::toRow), SCHEMA);
    }

    /** The tiles of one group (only that group's partitions are read). */
    public JavaRDD<RecomputedTile> tiles(String group) {
        return tiles(List.of(group));
    }

    /** The tiles of the given groups (only their partitions are read). */
    public JavaRDD<RecomputedTile> tiles(Collection<String> groups) {
        return rows().where(functions.col(GROUP).isin(groups.toArray())).javaRDD().map(OfflineTileTable::fromRow);
    }

    /**
     * The tiles of one group closed at the table's end that start, per hop, from {@code firstStartByHop}'s
     * start to {@code lastStart} (inclusive; hops not named are left out). Only the days from the earliest
     * start to the last are read.
     */
    public JavaRDD<RecomputedTile> closedTiles(String group, Map<Long, Long> firstStartByHop, long lastStart) {
        Column wanted = functions.lit(false);
        for (Map.Entry<Long, Long> hop : firstStartByHop.entrySet()) {
            wanted = wanted.or(functions.col("hop_millis").equalTo(hop.getKey()).and(functions.col("tile_index").between(
                    Math.floorDiv(hop.getValue(), hop.getKey()), Math.floorDiv(lastStart, hop.getKey()))));
        }
        String firstDay = dayOf(firstStartByHop.values().stream().min(Long::compare).orElse(lastStart));
        return rows().where(functions.col(GROUP).equalTo(group).and(functions.col(DAY).between(firstDay, dayOf(lastStart)))
                        .and(functions.col("closed")).and(wanted))
                .javaRDD().map(OfflineTileTable::fromRow);
    }

    /**
     * The closed and complete tiles of the given groups (only their partitions are read), each entity's side by
     * side in one task, as the backfill wants them: it writes an entity's tiles in one guarded call, and the
     * table files them by day, not by entity.
     */
    public JavaRDD<RecomputedTile> backfillableTiles(Collection<String> groups) {
        return rows().where(functions.col(GROUP).isin(groups.toArray())
                        .and(functions.col("closed")).and(functions.col("complete")))
                .repartition(functions.col(GROUP), functions.col("entity"))
                .sortWithinPartitions(GROUP, "entity", "hop_millis", "tile_index")
                .javaRDD().map(OfflineTileTable::fromRow);
    }

    /** The UTC day ({@code yyyy-MM-dd}) a tile is filed under: the day of its first event time. */
    public static String dayOf(RecomputedTile tile) {
        return dayOf(tile.tileKey().startMillis());
    }

    /** The UTC day ({@code yyyy-MM-dd}) of an instant, as tiles starting then are filed. */
    public static String dayOf(long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static Row toRow(RecomputedTile tile) {
        return RowFactory.create(tile.group(), dayOf(tile), tile.entity(), tile.hopMillis(), tile.index(),
                tile.irs(), tile.events(), tile.closed(), tile.complete());
    }

    private static RecomputedTile fromRow(Row row) {
        return fromRow(row, "");
    }

    /** The tile in a row whose columns are the {@link #SCHEMA}'s with {@code prefix}; null where they are null (a join's missing side). */
    static RecomputedTile fromRow(Row row, String prefix) {
        if (row.isNullAt(row.fieldIndex(prefix + "entity"))) {
            return null;
        }
        return new RecomputedTile(row.getAs(prefix + GROUP), row.getAs(prefix + "entity"),
                row.<Long>getAs(prefix + "hop_millis"), row.<Long>getAs(prefix + "tile_index"),
                row.getAs(prefix + "ir_bytes"), row.<Long>getAs(prefix + "event_count"),
                row.<Boolean>getAs(prefix + "closed"), row.<Boolean>getAs(prefix + "complete"));
    }
}
