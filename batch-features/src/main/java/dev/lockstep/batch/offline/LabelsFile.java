package dev.lockstep.batch.offline;

import dev.lockstep.batch.recompute.Label;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A labels file: CSV with a header {@code entity,time,label}; time as an ISO-8601 instant
 * ({@code 2026-01-01T10:00:00Z}) or epoch millis, label a number. A malformed line fails the job
 * with the file, the line's values and the reason.
 */
public final class LabelsFile {

    public static final StructType SCHEMA = new StructType()
            .add("entity", DataTypes.StringType, true)
            .add("time", DataTypes.StringType, true)
            .add("label", DataTypes.StringType, true);

    private LabelsFile() {
    }

    public static JavaRDD<Label> read(SparkSession spark, String path) {
        return spark.read().option("header", "true").option("mode", "FAILFAST").schema(SCHEMA).csv(path)
                .javaRDD().map(row -> parse(path, row));
    }

    static Label parse(String path, Row row) {
        String entity = row.getString(0);
        String time = row.getString(1);
        String label = row.getString(2);
        if (entity == null || time == null || label == null) {
            throw new IllegalArgumentException("labels file " + path + ": line " + row + " lacks an entity, time or label");
        }
        try {
            return new Label(entity, parseTime(time.trim()), Double.parseDouble(label.trim()));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("labels file " + path + ": line " + row
                    + ": time must be an ISO-8601 instant or epoch millis and label a number (" + e.getMessage() + ")", e);
        }
    }

    private static long parseTime(String time) {
        return time.chars().allMatch(Character::isDigit) ? Long.parseLong(time) : Instant.parse(time).toEpochMilli();
    }
}
