package dev.lockstep.parity.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The result of a parity run: feature comparisons between paths and rejection comparisons, written as
 * JSON (for tools) and a short summary (for people).
 */
public record ParityReport(String title, List<PairReport> pairs, List<RejectionParity> rejections) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ParityReport {
        pairs = List.copyOf(pairs);
        rejections = List.copyOf(rejections);
    }

    @JsonProperty("clean")
    public boolean clean() {
        return pairs.stream().allMatch(PairReport::clean) && rejections.stream().allMatch(RejectionParity::clean);
    }

    public PairReport pair(String expected, String actual) {
        return pairs.stream().filter(p -> p.expected().equals(expected) && p.actual().equals(actual)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no comparison of " + actual + " against " + expected));
    }

    /** A few lines: one per comparison, plus one per differing feature with its first example. */
    public String summary() {
        StringBuilder out = new StringBuilder(title).append(": ").append(clean() ? "PARITY" : "MISMATCH").append('\n');
        for (PairReport pair : pairs) {
            long rows = pair.features().stream().mapToLong(FeatureParity::rows).max().orElse(0);
            out.append(String.format(Locale.ROOT, "  %s vs %s: %d features, %d rows, %d differences%n",
                    pair.actual(), pair.expected(), pair.features().size(), rows, pair.totalDifferences()));
            for (FeatureParity f : pair.features()) {
                if (!f.clean()) {
                    out.append(String.format(Locale.ROOT,
                            "    %s: %d mismatched, %d missing, %d extra of %d rows (ratio %.6f); e.g. %s%n",
                            f.feature(), f.mismatched(), f.missing(), f.extra(), f.rows(), f.mismatchRatio(),
                            f.examples().get(0)));
                }
            }
        }
        for (RejectionParity r : rejections) {
            out.append(String.format(Locale.ROOT,
                    "  rejections %s vs %s: %d vs %d records, %d wrong reason, %d missing, %d extra%s%n",
                    r.actual(), r.expected(), r.actualCount(), r.expectedCount(), r.wrongReason(), r.missing(),
                    r.extra(), r.examples().isEmpty() ? "" : "; e.g. " + r.examples().get(0)));
        }
        return out.toString();
    }

    /** Writes {@code <name>.json} and {@code <name>.txt} into {@code directory}; returns the JSON file. */
    public Path write(Path directory, String name) {
        try {
            Files.createDirectories(directory);
            Path json = directory.resolve(name + ".json");
            JSON.writeValue(json.toFile(), this);
            Files.writeString(directory.resolve(name + ".txt"), summary());
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write parity report " + name + " to " + directory, e);
        }
    }
}
