package dev.lockstep.app.produce;

import java.util.List;

/**
 * The result of encoding a whole input: the lines ready to send, and the lines that cannot be encoded.
 * The command sends only an input without problems, so nothing is ever sent half-encoded.
 */
public record EncodedInput(List<EncodedLine> lines, List<LineProblem> problems) {

    public EncodedInput {
        lines = List.copyOf(lines);
        problems = List.copyOf(problems);
    }

    public boolean sendable() {
        return problems.isEmpty();
    }
}
