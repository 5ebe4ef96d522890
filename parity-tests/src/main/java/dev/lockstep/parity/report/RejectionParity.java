package dev.lockstep.parity.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Rejected records of two paths compared by record position (topic/partition@offset): the same records,
 * with the same reason codes.
 *
 * @param expectedCount rejections the expected side has
 * @param actualCount   rejections the actual side has
 * @param wrongReason   positions both rejected, for different reasons
 * @param missing       positions only the expected side rejected
 * @param extra         positions only the actual side rejected
 */
public record RejectionParity(String expected, String actual, long expectedCount, long actualCount,
                              long wrongReason, long missing, long extra, List<FeatureParity.Difference> examples) {

    public RejectionParity {
        examples = List.copyOf(examples);
    }

    @JsonProperty("clean")
    public boolean clean() {
        return wrongReason == 0 && missing == 0 && extra == 0;
    }
}
