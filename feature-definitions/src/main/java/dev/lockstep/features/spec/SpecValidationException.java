package dev.lockstep.features.spec;

import dev.lockstep.features.FeatureException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A feature spec is invalid. Carries every problem found, not just the first, so one edit-run cycle
 * fixes them all; the message lists them one per line as {@code file: path: reason}.
 */
public class SpecValidationException extends FeatureException {
    private static final long serialVersionUID = 1L;

    private final transient List<SpecProblem> problems;

    public SpecValidationException(List<SpecProblem> problems) {
        super(message(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems in the order they appear in the spec. */
    public List<SpecProblem> problems() {
        return problems;
    }

    private static String message(List<SpecProblem> problems) {
        return "invalid feature spec (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n"
                + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("\n"));
    }
}
