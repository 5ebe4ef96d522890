package dev.lockstep.features.spec;

import dev.lockstep.features.FeatureException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as spec files write them: a non-negative integer and a unit, one of {@code ms}, {@code s},
 * {@code m}, {@code h}, {@code d} (e.g. {@code 500ms}, {@code 45s}, {@code 10m}, {@code 1h},
 * {@code 30d}). Deliberately no fractions, no compound forms and no ISO-8601: one obvious way to write
 * each duration keeps specs diffable. Whether zero is allowed is the caller's rule, not the parser's.
 */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /** Units from the largest down, so {@link #format} picks the largest that divides exactly. */
    private static final List<Unit> UNITS = List.of(
            new Unit("d", ChronoUnit.DAYS),
            new Unit("h", ChronoUnit.HOURS),
            new Unit("m", ChronoUnit.MINUTES),
            new Unit("s", ChronoUnit.SECONDS),
            new Unit("ms", ChronoUnit.MILLIS));

    private Durations() {
    }

    /**
     * Parses a spec duration.
     *
     * @throws FeatureException naming the text when it is not of the form {@code <integer><unit>}
     *                          or does not fit a {@link Duration}
     */
    public static Duration parse(String text) {
        Matcher matcher = FORMAT.matcher(text == null ? "" : text);
        if (!matcher.matches()) {
            throw new FeatureException("expected a duration such as 10m, 1h or 30d, got '" + text + "'");
        }
        ChronoUnit unit = unitOf(matcher.group(2));
        try {
            return Duration.of(Long.parseLong(matcher.group(1)), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new FeatureException("duration '" + text + "' is too large");
        }
    }

    /**
     * Formats a duration in the largest unit that represents it exactly, e.g. 90 minutes as
     * {@code 90m}, 2 hours as {@code 2h}; {@link #parse} reads the result back to the same duration.
     *
     * @throws IllegalArgumentException for a negative duration or one with sub-millisecond precision,
     *                                  which the spec format cannot express
     */
    public static String format(Duration duration) {
        if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("cannot write " + duration + " as a spec duration");
        }
        long millis = duration.toMillis();
        for (Unit unit : UNITS) {
            long unitMillis = unit.chronoUnit().getDuration().toMillis();
            if (millis % unitMillis == 0 && (millis != 0 || unit.chronoUnit() == ChronoUnit.SECONDS)) {
                return millis / unitMillis + unit.symbol();
            }
        }
        return millis + "ms";
    }

    private static ChronoUnit unitOf(String symbol) {
        return UNITS.stream().filter(u -> u.symbol().equals(symbol)).findFirst().orElseThrow().chronoUnit();
    }

    private record Unit(String symbol, ChronoUnit chronoUnit) {
    }
}
