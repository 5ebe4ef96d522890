package dev.lockstep.parity.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How one feature compared between two paths, in Chronon's online/offline consistency measures.
 *
 * @param rows       rows either side produced
 * @param mismatched rows both produced, with different values
 * @param missing    rows only the expected side produced
 * @param extra      rows only the actual side produced
 * @param examples   the first few differing rows
 */
public record FeatureParity(String feature, long rows, long mismatched, long missing, long extra,
                            List<Difference> examples) {

    public FeatureParity {
        examples = List.copyOf(examples);
    }

    /** Differing rows over all rows, 0 when there are none. */
    @JsonProperty("mismatchRatio")
    public double mismatchRatio() {
        return rows == 0 ? 0.0 : (double) (mismatched + missing + extra) / rows;
    }

    public boolean clean() {
        return mismatched == 0 && missing == 0 && extra == 0;
    }

    /** One differing row; a missing or extra row has the absent side's value as the string "<absent>". */
    public record Difference(String row, Object expected, Object actual) {
    }
}
