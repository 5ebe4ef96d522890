package dev.lockstep.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A training set as CSV (model-training/README.md): header {@code entity,label_time_ms,label,<column>...},
 * one row per label. A column is a served feature ({@code <group>.<feature>}, as {@code POST /v1/features}
 * names it) or a request-time field ({@code request.<field>}). Values are numbers; an empty cell is a
 * missing value. Labels are {@code 0} or {@code 1}. Quoted cells are not supported (no feature value of a
 * numeric model needs them), and a quote is an error rather than a silently mis-split line.
 *
 * @param columns the feature and request columns, in file order
 */
public record TrainingSetCsv(Path file, List<String> columns, List<Row> rows) {

    static final List<String> KEY_COLUMNS = List.of("entity", "label_time_ms", "label");
    public static final String REQUEST_PREFIX = "request.";

    public TrainingSetCsv {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /**
     * @param values one per column; empty where the cell was empty
     */
    public record Row(String entity, long labelTimeMillis, int label, List<OptionalDouble> values) {
        public Row {
            values = List.copyOf(values);
        }
    }

    public static TrainingSetCsv read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new TrainingException(file + ": the training set is empty; expected a header "
                        + String.join(",", KEY_COLUMNS) + ",<column>...");
            }
            List<String> columns = columns(file, split(file, 1, header));
            List<Row> rows = new ArrayList<>();
            String line;
            int lineNumber = 1;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) {
                    rows.add(row(file, lineNumber, columns, split(file, lineNumber, line)));
                }
            }
            if (rows.isEmpty()) {
                throw new TrainingException(file + ": the training set has a header but no rows");
            }
            return new TrainingSetCsv(file, columns, rows);
        } catch (IOException e) {
            throw new TrainingException("cannot read training set " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> split(Path file, int line, String text) {
        if (text.indexOf('"') >= 0) {
            throw new TrainingException(file + " line " + line + ": quoted cells are not supported");
        }
        return Arrays.asList(text.split(",", -1));
    }

    private static List<String> columns(Path file, List<String> header) {
        if (header.size() <= KEY_COLUMNS.size() || !header.subList(0, KEY_COLUMNS.size()).equals(KEY_COLUMNS)) {
            throw new TrainingException(file + ": the header must be " + String.join(",", KEY_COLUMNS)
                    + " followed by at least one feature or request column, got " + String.join(",", header));
        }
        List<String> columns = header.subList(KEY_COLUMNS.size(), header.size());
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            boolean request = column.startsWith(REQUEST_PREFIX) && column.length() > REQUEST_PREFIX.length();
            boolean feature = !column.startsWith(REQUEST_PREFIX) && column.indexOf('.') > 0
                    && column.indexOf('.') < column.length() - 1;
            if (!request && !feature) {
                throw new TrainingException(file + ": column '" + column
                        + "' is neither a feature (<group>.<feature>) nor a request field (request.<field>)");
            }
            if (!seen.add(column)) {
                throw new TrainingException(file + ": column '" + column + "' appears twice in the header");
            }
        }
        return List.copyOf(columns);
    }

    private static Row row(Path file, int line, List<String> columns, List<String> cells) {
        int expected = KEY_COLUMNS.size() + columns.size();
        if (cells.size() != expected) {
            throw new TrainingException(file + " line " + line + ": " + cells.size() + " cells, the header has "
                    + expected);
        }
        String entity = cells.get(0);
        if (entity.isEmpty()) {
            throw new TrainingException(file + " line " + line + ": the entity is empty");
        }
        long time = parseLong(file, line, "label_time_ms", cells.get(1));
        int label = switch (cells.get(2)) {
            case "0", "0.0" -> 0;
            case "1", "1.0" -> 1;
            default -> throw new TrainingException(file + " line " + line + ": label '" + cells.get(2)
                    + "' is not 0 or 1");
        };
        List<OptionalDouble> values = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            values.add(parseValue(file, line, columns.get(i), cells.get(KEY_COLUMNS.size() + i)));
        }
        return new Row(entity, time, label, values);
    }

    private static long parseLong(Path file, int line, String column, String cell) {
        try {
            return Long.parseLong(cell);
        } catch (NumberFormatException e) {
            throw new TrainingException(file + " line " + line + ": " + column + " '" + cell
                    + "' is not an integer", e);
        }
    }

    private static OptionalDouble parseValue(Path file, int line, String column, String cell) {
        if (cell.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            double value = Double.parseDouble(cell);
            if (!Double.isFinite(value)) {
                throw new TrainingException(file + " line " + line + ": column " + column + " value '" + cell
                        + "' is not finite");
            }
            return OptionalDouble.of(value);
        } catch (NumberFormatException e) {
            throw new TrainingException(file + " line " + line + ": column " + column + " value '" + cell
                    + "' is not a number (a model input takes numbers only)", e);
        }
    }
}
