package dev.lockstep.batch.archive;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arrival bounds an archive file's name carries: {@code NAME-MINARRIVAL-MAXARRIVAL.avro}, both
 * inclusive, in epoch millis. They let a job skip files without opening them.
 */
final class ArchiveFileName {

    private static final Pattern BOUNDS = Pattern.compile(".*-(\\d+)-(\\d+)\\.avro");

    private ArchiveFileName() {
    }

    static String of(String name, long minArrival, long maxArrival) {
        return name + "-" + minArrival + "-" + maxArrival + ArchiveWriter.SUFFIX;
    }

    /**
     * Whether a file may hold records that arrived in {@code [from, to)}. A name without bounds (e.g. a
     * file written by another tool) may hold anything.
     */
    static boolean mayOverlap(String fileName, long from, long to) {
        Matcher matcher = BOUNDS.matcher(fileName);
        if (!matcher.matches()) {
            return true;
        }
        long min = Long.parseLong(matcher.group(1));
        long max = Long.parseLong(matcher.group(2));
        return max >= from && min < to;
    }
}
