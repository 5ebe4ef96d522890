package dev.lockstep.batch.recompute;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * A label with the group's feature values as they were at the label's time: the same values serving
 * would have returned at that time, had streaming been caught up.
 *
 * @param features feature name to value, in spec order (values as {@code WindowRead} finalizes them)
 * @param complete whether every tile the read can use lies within the recompute range; when false, some
 *                 events that arrived before the range are missing from long windows
 */
public record TrainingRow(Label label, Map<String, Object> features, boolean complete) implements Serializable {

    public TrainingRow {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(features, "features");
    }
}
