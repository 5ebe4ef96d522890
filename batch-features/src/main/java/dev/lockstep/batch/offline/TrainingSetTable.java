package dev.lockstep.batch.offline;

import dev.lockstep.batch.recompute.TrainingRow;
import dev.lockstep.features.agg.ValueType;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.spec.FeatureDefinition;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Training rows of one feature group as a table: {@code entity, time_millis, label, complete}, then one
 * typed column per feature, in spec order, typed as the engine finalizes it (count and count_distinct
 * long; mean, variance and stddev double; sum, min, max, first, last the column's type; last_n an array).
 */
public final class TrainingSetTable {

    private TrainingSetTable() {
    }

    public static StructType schema(GroupPlan group) {
        List<StructField> fields = new ArrayList<>(List.of(
                DataTypes.createStructField("entity", DataTypes.StringType, false),
                DataTypes.createStructField("time_millis", DataTypes.LongType, false),
                DataTypes.createStructField("label", DataTypes.DoubleType, false),
                DataTypes.createStructField("complete", DataTypes.BooleanType, false)));
        for (FeatureDefinition feature : group.features()) {
            fields.add(DataTypes.createStructField(feature.name(), typeOf(feature), true));
        }
        return DataTypes.createStructType(fields);
    }

    public static Dataset<Row> toDataset(SparkSession spark, GroupPlan group, JavaRDD<TrainingRow> rows) {
        List<String> names = group.features().stream().map(FeatureDefinition::name).toList();
        return spark.createDataFrame(rows.map(row -> {
            Object[] values = new Object[4 + names.size()];
            values[0] = row.label().entity();
            values[1] = row.label().timeMillis();
            values[2] = row.label().value();
            values[3] = row.complete();
            for (int i = 0; i < names.size(); i++) {
                Object value = row.features().get(names.get(i));
                values[4 + i] = value instanceof List<?> list ? list.toArray() : value;
            }
            return RowFactory.create(values);
        }), schema(group));
    }

    /** Writes the rows sorted by (entity, time), as Parquet or CSV (arrays as JSON text in CSV). */
    public static void write(Dataset<Row> rows, String path, OutputFormat format) {
        Dataset<Row> sorted = rows.orderBy("entity", "time_millis");
        if (format == OutputFormat.PARQUET) {
            sorted.write().mode(SaveMode.ErrorIfExists).parquet(path);
            return;
        }
        List<Column> columns = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            Column column = functions.col(field.name());
            columns.add(field.dataType() instanceof ArrayType ? functions.to_json(column).as(field.name()) : column);
        }
        sorted.select(columns.toArray(Column[]::new)).write().mode(SaveMode.ErrorIfExists).option("header", "true")
                .csv(path);
    }

    private static DataType typeOf(FeatureDefinition feature) {
        return switch (feature.aggregation()) {
            case COUNT, COUNT_DISTINCT -> DataTypes.LongType;
            case MEAN, VARIANCE, STDDEV -> DataTypes.DoubleType;
            case SUM, MIN, MAX, FIRST, LAST -> sparkType(feature.inputType().orElseThrow());
            case LAST_N -> DataTypes.createArrayType(sparkType(feature.inputType().orElseThrow()), true);
        };
    }

    private static DataType sparkType(ValueType type) {
        return switch (type) {
            case LONG -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case STRING -> DataTypes.StringType;
            case BOOLEAN -> DataTypes.BooleanType;
        };
    }
}
