package dev.lockstep.features.spec;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one spec as validation walks it, so all are reported together. */
final class Problems {

    private final String file;
    private final List<SpecProblem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    /** An independent collector holding the problems found so far, so validating twice never doubles them. */
    Problems copy() {
        Problems copy = new Problems(file);
        copy.found.addAll(found);
        return copy;
    }

    void add(String path, String reason) {
        found.add(new SpecProblem(file, path, reason));
    }

    /** The number found so far; comparing counts tells whether a part of the spec added any. */
    int count() {
        return found.size();
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new SpecValidationException(found);
        }
    }
}
