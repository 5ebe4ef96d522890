package dev.lockstep.parity.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lockstep.parity.report.SideValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes every row of a side as JSON (row name to values), beside the report, for diagnosing a mismatch. */
public final class SideDump {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SideDump() {
    }

    public static void write(Path directory, String prefix, SideValues side) {
        Map<String, Object> rows = new LinkedHashMap<>();
        side.rows().forEach((row, values) -> rows.put(row.toString(), values));
        try {
            Files.createDirectories(directory);
            JSON.writeValue(directory.resolve(prefix + "-" + side.name() + ".json").toFile(), rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rows of " + side.name() + " to " + directory, e);
        }
    }
}
