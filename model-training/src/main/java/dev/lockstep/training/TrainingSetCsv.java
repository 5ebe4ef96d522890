package dev.lockstep.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A training set as CSV (model-training/README.md), in either of two layouts:
 * <ul>
 *   <li>batch-features' {@code training-set --format csv}: a directory of Spark part files (or one file),
 *       header {@code entity,time_millis,label,complete,<feature>...} with the group's feature names;
 *       they are qualified with {@code group} ({@code <group>.<feature>}), and rows with
 *       {@code complete=false} (long windows missing events from before the recompute range) are skipped;</li>
 *   <li>header {@code entity,label_time_ms,label,<column>...} where a column is a served feature
 *       ({@code <group>.<feature>}) or a request-time field ({@code request.<field>}).</li>
 * </ul>
 * Labels are 0 or 1. A column with a value that is not a number (a string feature such as
 * {@code last_country}, a {@code last_n} list) cannot be a model input: it is left out and named in
 * {@link #ignored()}. An empty cell is a missing value. Cells may be quoted (RFC 4180), as Spark quotes them.
 *
 * @param columns the numeric feature and request columns, in file order
 * @param ignored column to why it was left out
 * @param skippedIncomplete rows left out because batch marked them incomplete
 */
public record TrainingSetCsv(Path file, List<String> columns, List<Row> rows, Map<String, String> ignored,
        int skippedIncomplete) {

    public static final String REQUEST_PREFIX = "request.";

    public TrainingSetCsv {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        ignored = Map.copyOf(ignored);
    }

    /** @param values one per column; empty where the cell was empty */
    public record Row(String entity, long labelTimeMillis, int label, List<OptionalDouble> values) {
        public Row {
            values = List.copyOf(values);
        }
    }

    /** Reads a file in the {@code label_time_ms} layout (feature columns already qualified). */
    public static TrainingSetCsv read(Path path) {
        return read(path, null);
    }

    /**
     * @param group qualifies the feature columns of batch's layout; may be null for the other layout
     */
    public static TrainingSetCsv read(Path path, String group) {
        List<Path> files = files(path);
        List<String> header = null;
        List<List<String>> cells = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = lines(file);
            if (lines.isEmpty()) {
                continue;
            }
            List<String> fileHeader = Csv.split(file, 1, lines.get(0));
            if (header == null) {
                header = fileHeader;
            } else if (!header.equals(fileHeader)) {
                throw new TrainingException(file + ": header " + fileHeader + " differs from " + files.get(0)
                        + "'s " + header);
            }
            for (int i = 1; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    cells.add(Csv.split(file, i + 1, lines.get(i)));
                    where.add(file + " line " + (i + 1));
                }
            }
        }
        if (header == null) {
            throw new TrainingException(path + ": the training set is empty; expected a header");
        }
        Layout layout = Layout.of(path, header, group);
        return layout.parse(path, header, cells, where);
    }

    private static List<Path> files(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> children = Files.list(path)) {
            List<Path> parts = children.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
            if (parts.isEmpty()) {
                throw new TrainingException(path + ": a directory with no .csv part files");
            }
            return parts;
        } catch (IOException e) {
            throw new TrainingException("cannot list training set directory " + path + ": " + e.getMessage(), e);
        }
    }

    private static List<String> lines(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return in.lines().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new TrainingException("cannot read training set " + file + ": " + e.getMessage(), e);
        }
    }

    /** Which layout a header is, where its key columns are, and how its value columns are named. */
    private record Layout(int timeColumn, int completeColumn, int firstValue, List<String> names) {

        static Layout of(Path path, List<String> header, String group) {
            if (header.size() > 4 && header.subList(0, 4).equals(List.of("entity", "time_millis", "label", "complete"))) {
                if (group == null) {
                    throw new TrainingException(path + ": batch's training-set layout names features without their"
                            + " group; pass --group");
                }
                return new Layout(1, 3, 4, header.subList(4, header.size()).stream()
                        .map(f -> f.startsWith(REQUEST_PREFIX) ? f : group + "." + f).toList());
            }
            if (header.size() > 3 && header.subList(0, 3).equals(List.of("entity", "label_time_ms", "label"))) {
                List<String> names = header.subList(3, header.size());
                for (String column : names) {
                    boolean request = column.startsWith(REQUEST_PREFIX) && column.length() > REQUEST_PREFIX.length();
                    boolean feature = !column.startsWith(REQUEST_PREFIX) && column.indexOf('.') > 0
                            && column.indexOf('.') < column.length() - 1;
                    if (!request && !feature) {
                        throw new TrainingException(path + ": column '" + column
                                + "' is neither a feature (<group>.<feature>) nor a request field (request.<field>)");
                    }
                }
                return new Layout(1, -1, 3, names);
            }
            throw new TrainingException(path + ": the header must be entity,label_time_ms,label,<column>... or"
                    + " batch's entity,time_millis,label,complete,<feature>..., got " + String.join(",", header));
        }

        TrainingSetCsv parse(Path path, List<String> header, List<List<String>> rows, List<String> where) {
            Set<String> seen = new HashSet<>();
            for (String name : names) {
                if (!seen.add(name)) {
                    throw new TrainingException(path + ": column '" + name + "' appears twice in the header");
                }
            }
            Map<String, String> ignored = new LinkedHashMap<>();
            for (int r = 0; r < rows.size(); r++) {
                List<String> cells = rows.get(r);
                if (cells.size() != header.size()) {
                    throw new TrainingException(where.get(r) + ": " + cells.size() + " cells, the header has " + header.size());
                }
                for (int c = 0; c < names.size(); c++) {
                    String cell = cells.get(firstValue + c);
                    if (!cell.isEmpty() && !ignored.containsKey(names.get(c)) && !isFiniteNumber(cell)) {
                        ignored.put(names.get(c), "value '" + cell + "' at " + where.get(r) + " is not a finite number");
                    }
                }
            }
            List<Integer> kept = new ArrayList<>();
            for (int c = 0; c < names.size(); c++) {
                if (!ignored.containsKey(names.get(c))) {
                    kept.add(c);
                }
            }
            List<Row> parsed = new ArrayList<>();
            int incomplete = 0;
            for (int r = 0; r < rows.size(); r++) {
                List<String> cells = rows.get(r);
                if (completeColumn >= 0 && !Boolean.parseBoolean(cells.get(completeColumn))) {
                    incomplete++;
                    continue;
                }
                List<OptionalDouble> values = new ArrayList<>();
                for (int c : kept) {
                    String cell = cells.get(firstValue + c);
                    values.add(cell.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(cell)));
                }
                parsed.add(new Row(entity(cells, where.get(r)), time(cells.get(timeColumn), where.get(r)),
                        label(cells.get(2), where.get(r)), values));
            }
            if (parsed.isEmpty()) {
                throw new TrainingException(path + ": no rows to train on (" + incomplete + " incomplete rows skipped)");
            }
            return new TrainingSetCsv(path, kept.stream().map(names::get).toList(), parsed, ignored, incomplete);
        }

        private static String entity(List<String> cells, String where) {
            if (cells.get(0).isEmpty()) {
                throw new TrainingException(where + ": the entity is empty");
            }
            return cells.get(0);
        }

        private static long time(String cell, String where) {
            try {
                return Long.parseLong(cell);
            } catch (NumberFormatException e) {
                throw new TrainingException(where + ": label time '" + cell + "' is not an integer", e);
            }
        }

        private static int label(String cell, String where) {
            return switch (cell) {
                case "0", "0.0" -> 0;
                case "1", "1.0" -> 1;
                default -> throw new TrainingException(where + ": label '" + cell + "' is not 0 or 1");
            };
        }

        private static boolean isFiniteNumber(String cell) {
            try {
                return Double.isFinite(Double.parseDouble(cell));
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }
}
