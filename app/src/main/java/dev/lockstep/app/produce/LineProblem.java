package dev.lockstep.app.produce;

/** Why one input line cannot be encoded; {@code lineNumber} is 1-based. */
public record LineProblem(int lineNumber, String reason) {

    @Override
    public String toString() {
        return "line " + lineNumber + ": " + reason;
    }
}
