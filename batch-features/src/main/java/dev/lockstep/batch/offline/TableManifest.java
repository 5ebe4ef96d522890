package dev.lockstep.batch.offline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.SpecHandle;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What an offline tile table holds: the arrival range its tiles were recomputed from, its feature groups
 * with the tile format of each ({@code GroupPlan.tileFormat}: the features' fingerprints per hop), and up to
 * when its input was complete. Kept beside the table's files as {@value #FILE_NAME} (Spark's readers skip
 * names starting with {@code _}). A table is extended only by the run of the range that follows it, for the
 * same groups in the same formats, and backfilled only when settled and read with a spec of its formats:
 * the tiles' bytes mean nothing to a plan of other features.
 *
 * @param from         the start of the arrival range, inclusive
 * @param to           its end, exclusive: every tile's {@code closed} flag is as of this time
 * @param tileFormats  the feature groups whose tiles the table holds, each with its tile format
 * @param settledUntil the arrival time up to which the input was complete when the tiles were recomputed:
 *                     {@code to}, unless a range was recomputed before its end had passed (records arriving
 *                     after the recompute are missing from tiles it judged closed)
 * @param skippedFiles the archive files skipped as bad when the tiles were recomputed (with
 *                     {@code --skip-bad-files}), sorted: their events are missing from the tiles whatever the
 *                     time, so no batch watermark is published from such a table
 */
public record TableManifest(Instant from, Instant to, SortedMap<String, String> tileFormats, Instant settledUntil,
                            List<String> skippedFiles) {

    public static final String FILE_NAME = "_lockstep-table.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** The file's form: instants as ISO-8601 text, so a person can read it; groups with their tile formats. */
    /** Tables of earlier builds have no {@code skippedFiles}: read as none, which they could not record. */
    private record Json(String from, String to, String settledUntil, Map<String, String> groups,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> skippedFiles) {
    }

    /** A table whose recompute skipped no archive file. */
    public TableManifest(Instant from, Instant to, SortedMap<String, String> tileFormats, Instant settledUntil) {
        this(from, to, tileFormats, settledUntil, List.of());
    }

    public TableManifest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(settledUntil, "settledUntil");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a table's range must end after it starts: [" + from + ", " + to + ")");
        }
        if (settledUntil.isAfter(to)) {
            throw new IllegalArgumentException("a table's input cannot be settled until " + settledUntil
                    + ", after the end of its range " + to);
        }
        if (tileFormats == null || tileFormats.isEmpty()) {
            throw new IllegalArgumentException("a table must name the feature groups it holds");
        }
        tileFormats.forEach((group, format) -> {
            if (format == null || format.isBlank()) {
                throw new IllegalArgumentException("group " + group + " has no tile format");
            }
        });
        tileFormats = Collections.unmodifiableSortedMap(new TreeMap<>(tileFormats));
        skippedFiles = skippedFiles == null ? List.of() : List.copyOf(new TreeSet<>(skippedFiles));
    }

    /**
     * The manifest of a run recomputing {@code groups} over {@code range} with {@code spec}, at {@code recomputedAt}:
     * its input is complete up to then (a range that has not ended yet is not settled).
     */
    public static TableManifest ofRun(ArchiveRange range, SpecHandle spec, Collection<String> groups, Instant recomputedAt) {
        Map<String, String> sources = spec.sourceOfGroups();
        SortedMap<String, String> formats = new TreeMap<>();
        for (String group : groups) {
            String source = sources.get(group);
            if (source == null) {
                throw new IllegalArgumentException("group " + group + " is not in the spec " + spec.displayName());
            }
            formats.put(group, spec.plan(source).group(group).tileFormat());
        }
        Instant to = Instant.ofEpochMilli(range.toMillis());
        return new TableManifest(Instant.ofEpochMilli(range.fromMillis()), to, formats,
                recomputedAt.isBefore(to) ? recomputedAt : to);
    }

    public SortedSet<String> groups() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(tileFormats.keySet()));
    }

    public ArchiveRange range() {
        return new ArchiveRange(from.toEpochMilli(), to.toEpochMilli());
    }

    /** Whether every record that arrived in the range was there when its tiles were recomputed. */
    public boolean settled() {
        return settledUntil.equals(to);
    }

    /**
     * The manifest of this table extended by the run of the range that follows it: settled only as far as
     * its parts are, in order (an unsettled earlier range leaves the rest unsettled too).
     */
    public TableManifest extendedBy(TableManifest run) {
        List<String> skipped = new ArrayList<>(skippedFiles);
        skipped.addAll(run.skippedFiles());
        return new TableManifest(from, run.to(), tileFormats, settled() ? run.settledUntil() : settledUntil, skipped);
    }

    /** This manifest, recording the archive files its recompute skipped as bad. */
    public TableManifest withSkippedFiles(Collection<String> files) {
        List<String> skipped = new ArrayList<>(skippedFiles);
        skipped.addAll(files);
        return new TableManifest(from, to, tileFormats, settledUntil, skipped);
    }

    /**
     * Why the table's tiles may miss events whatever the time, so no batch watermark may be published from
     * it: the archive files its recompute skipped as bad. Empty when it skipped none.
     */
    public Optional<String> incompleteness() {
        if (skippedFiles.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(skippedFiles.size() + " archive file(s) were skipped as bad when the table was recomputed"
                + " (" + String.join(", ", skippedFiles) + "), so its tiles may miss events");
    }

    /**
     * Checks that {@code spec} plans every group of the table {@code table} in the format its tiles were
     * written in, so it can read, merge and serve them.
     *
     * @throws OfflineOutputException naming the group and both formats otherwise
     */
    public void checkTileFormats(SpecHandle spec, String table) {
        checkTileFormats(spec, table, tileFormats.keySet());
    }

    /** {@link #checkTileFormats(SpecHandle, String)} for some of the table's groups. */
    public void checkTileFormats(SpecHandle spec, String table, Collection<String> groups) {
        Map<String, String> sources = spec.sourceOfGroups();
        for (String group : groups) {
            String format = tileFormats.get(group);
            if (format == null) {
                throw new OfflineOutputException("table " + table + " holds groups " + groups() + ", not " + group, null);
            }
            String source = sources.get(group);
            if (source == null) {
                throw new OfflineOutputException("table " + table + " holds tiles of group " + group + ", which the spec "
                        + spec.displayName() + " does not define", null);
            }
            String planned = spec.plan(source).group(group).tileFormat();
            if (!planned.equals(format)) {
                throw new OfflineOutputException("table " + table + " holds tiles of group " + group + " in format ["
                        + format + "], but the spec " + spec.displayName() + " plans them as [" + planned + "]: a feature"
                        + " was added, removed, reordered or redefined since the table was recomputed; recompute the"
                        + " table's range with this spec", null);
            }
        }
    }

    /** Writes the manifest into the table directory {@code table}, replacing one already there. */
    public void writeTo(String table) {
        Path file = new Path(table, FILE_NAME);
        try (OutputStream out = file.getFileSystem(new Configuration()).create(file, true)) {
            JSON.writeValue(out, new Json(from.toString(), to.toString(), settledUntil.toString(), tileFormats,
                    skippedFiles));
        } catch (IOException e) {
            throw new OfflineOutputException("cannot write the table manifest " + file + ": " + e.getMessage(), e);
        }
    }

    /** The manifest of the table directory {@code table}; empty when it has none. */
    public static Optional<TableManifest> readFrom(String table) {
        Path file = new Path(table, FILE_NAME);
        try {
            FileSystem fs = file.getFileSystem(new Configuration());
            JsonNode tree;
            try (InputStream in = fs.open(file)) {
                tree = JSON.readTree(in);
            }
            if (tree.path("groups").isArray()) {
                throw new OfflineOutputException("the table manifest " + file + " was written by an earlier build: it"
                        + " lists the groups without their tile formats, so the tiles cannot be checked against a spec;"
                        + " recompute the table's range into a new table", null);
            }
            Json json = JSON.treeToValue(tree, Json.class);
            return Optional.of(new TableManifest(instant(json.from(), "from"), instant(json.to(), "to"),
                    json.groups() == null ? null : new TreeMap<>(json.groups()),
                    instant(json.settledUntil(), "settledUntil"), json.skippedFiles()));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw new OfflineOutputException("cannot read the table manifest " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The manifest of the table directory {@code table}, which must exist and have one.
     *
     * @param use what is to be done with the table, for the error ({@code "extended"}, {@code "backfilled"})
     */
    public static TableManifest requireOf(String table, String use) {
        if (!tableExists(table)) {
            throw new OfflineOutputException("there is no table at " + table, null);
        }
        return readFrom(table).orElseThrow(() -> new OfflineOutputException("table " + table + " has no " + FILE_NAME
                + " (a CSV table, or one written by an earlier build), so its range is unknown and it cannot be " + use
                + "; recompute its range into a new table", null));
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
