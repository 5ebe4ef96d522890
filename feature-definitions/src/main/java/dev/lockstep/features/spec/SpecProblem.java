package dev.lockstep.features.spec;

import java.util.Objects;

/**
 * One thing wrong with a feature spec.
 *
 * @param file   the spec file (or {@code FeatureSpecBuilder} for a spec built in Java)
 * @param path   where in the spec, e.g. {@code feature_groups.card_txn.features[2].column}
 * @param reason what is wrong, naming the offending value
 */
public record SpecProblem(String file, String path, String reason) {

    public SpecProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code file: path: reason}, the form the exception message lists. */
    @Override
    public String toString() {
        return file + ": " + path + ": " + reason;
    }
}
