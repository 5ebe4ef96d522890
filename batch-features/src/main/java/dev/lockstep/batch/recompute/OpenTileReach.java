package dev.lockstep.batch.recompute;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.spec.SourceSpec;
import java.util.Arrays;

/**
 * How long before an arrival time W the events of a group's tiles still open at W can have arrived. A tile
 * still open at W ends after {@code W - lateness} ({@link GroupPlan#isClosed}); its events have event times
 * from its start, and arrive no earlier than their event time minus the future skew. A group's hops nest
 * (5 minutes, an hour, a day), so an event whose tile of the longest hop is closed at W is in no open tile.
 *
 * <p>What an incremental backfill must re-read after a watermark W, and what a training row at W must fold
 * beside the closed tiles.
 */
public final class OpenTileReach {

    private OpenTileReach() {
    }

    /** The most it can be, whatever W: {@code lateness + future skew + longest hop}. */
    public static long millis(SourceSpec source, GroupPlan group) {
        return source.allowedLateness().toMillis() + source.maxFutureSkew().toMillis() + longestHop(group);
    }

    /**
     * The earliest arrival of an event in a tile open at {@code w}: the oldest open tile of the longest hop
     * starts at the first multiple of the hop after {@code w - lateness - hop}, and its events can arrive the
     * future skew before their time. At most {@link #millis} before {@code w}.
     */
    public static long earliestArrival(SourceSpec source, GroupPlan group, long w) {
        long hop = longestHop(group);
        return Math.floorDiv(w - source.allowedLateness().toMillis(), hop) * hop - source.maxFutureSkew().toMillis();
    }

    private static long longestHop(GroupPlan group) {
        return Arrays.stream(group.hops()).max().orElseThrow(); // a group has at least one feature
    }
}
