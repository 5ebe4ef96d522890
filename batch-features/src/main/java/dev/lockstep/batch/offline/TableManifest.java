package dev.lockstep.batch.offline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lockstep.batch.recompute.ArchiveRange;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What an offline tile table holds: the arrival range its tiles were recomputed from and its feature
 * groups. Kept beside the table's files as {@value #FILE_NAME} (Spark's readers skip names starting with
 * {@code _}); a table is extended only by the run of the range that follows it, for the same groups.
 *
 * @param from   the start of the arrival range, inclusive
 * @param to     its end, exclusive: every tile's {@code closed} flag is as of this time
 * @param groups the feature groups whose tiles the table holds
 */
public record TableManifest(Instant from, Instant to, SortedSet<String> groups) {

    public static final String FILE_NAME = "_lockstep-table.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** The file's form: instants as ISO-8601 text, so a person can read it. */
    private record Json(String from, String to, List<String> groups) {
    }

    public TableManifest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a table's range must end after it starts: [" + from + ", " + to + ")");
        }
        if (groups == null || groups.isEmpty()) {
            throw new IllegalArgumentException("a table must name the feature groups it holds");
        }
        groups = Collections.unmodifiableSortedSet(new TreeSet<>(groups));
    }

    public TableManifest(ArchiveRange range, List<String> groups) {
        this(Instant.ofEpochMilli(range.fromMillis()), Instant.ofEpochMilli(range.toMillis()), new TreeSet<>(groups));
    }

    public ArchiveRange range() {
        return new ArchiveRange(from.toEpochMilli(), to.toEpochMilli());
    }

    /** Writes the manifest into the table directory {@code table}, replacing one already there. */
    public void writeTo(String table) {
        Path file = new Path(table, FILE_NAME);
        try (OutputStream out = file.getFileSystem(new Configuration()).create(file, true)) {
            JSON.writeValue(out, new Json(from.toString(), to.toString(), List.copyOf(groups)));
        } catch (IOException e) {
            throw new OfflineOutputException("cannot write the table manifest " + file + ": " + e.getMessage(), e);
        }
    }

    /** The manifest of the table directory {@code table}; empty when it has none. */
    public static Optional<TableManifest> readFrom(String table) {
        Path file = new Path(table, FILE_NAME);
        try {
            FileSystem fs = file.getFileSystem(new Configuration());
            try (InputStream in = fs.open(file)) {
                Json json = JSON.readValue(in, Json.class);
                return Optional.of(new TableManifest(instant(json.from(), "from"), instant(json.to(), "to"),
                        json.groups() == null ? null : new TreeSet<>(json.groups())));
            }
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw new OfflineOutputException("cannot read the table manifest " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the table directory {@code table} exists. */
    static boolean tableExists(String table) {
        Path dir = new Path(table);
        try {
            return dir.getFileSystem(new Configuration()).exists(dir);
        } catch (IOException e) {
            throw new OfflineOutputException("cannot look for table " + table + ": " + e.getMessage(), e);
        }
    }

    private static Instant instant(String text, String field) {
        if (text == null) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return Instant.parse(text);
    }
}
