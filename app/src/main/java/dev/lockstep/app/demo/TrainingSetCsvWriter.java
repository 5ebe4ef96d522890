package dev.lockstep.app.demo;

import dev.lockstep.batch.recompute.TrainingRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes batch training rows in model-training's CSV format (model-training/README.md): {@code entity,
 * label_time_ms, label}, then one column per numeric feature named {@code <group>.<feature>} as serving
 * names it, then {@code request.<field>} columns. A feature whose values are not numbers (e.g. a
 * {@code last} of a string column) is left out: the model takes numbers only. An empty window's
 * {@code null} is an empty cell.
 */
final class TrainingSetCsvWriter {

    private TrainingSetCsvWriter() {
    }

    /**
     * @param requestFields per row (same order as {@code rows}), request-time fields by name
     * @return the feature columns written, in order
     */
    static List<String> write(Path file, String group, List<TrainingRow> rows, List<Map<String, Double>> requestFields) {
        List<String> features = numericFeatures(rows);
        List<String> request = requestFields.isEmpty() ? List.of() : List.copyOf(requestFields.get(0).keySet());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            List<String> header = new ArrayList<>(List.of("entity", "label_time_ms", "label"));
            features.forEach(f -> header.add(group + "." + f));
            request.forEach(r -> header.add("request." + r));
            out.write(String.join(",", header) + "\n");
            for (int i = 0; i < rows.size(); i++) {
                TrainingRow row = rows.get(i);
                List<String> cells = new ArrayList<>(List.of(row.label().entity(),
                        Long.toString(row.label().timeMillis()), Long.toString(Math.round(row.label().value()))));
                for (String feature : features) {
                    Object value = row.features().get(feature);
                    cells.add(value == null ? "" : value.toString());
                }
                for (String field : request) {
                    cells.add(Double.toString(requestFields.get(i).get(field)));
                }
                out.write(String.join(",", cells) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training set " + file + ": " + e.getMessage(), e);
        }
        return features;
    }

    private static List<String> numericFeatures(List<TrainingRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> numeric = new ArrayList<>();
        for (String feature : rows.get(0).features().keySet()) {
            boolean allNumbers = rows.stream().map(r -> r.features().get(feature))
                    .allMatch(v -> v == null || v instanceof Number);
            if (allNumbers) {
                numeric.add(feature);
            }
        }
        return numeric;
    }
}
