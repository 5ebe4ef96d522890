package dev.lockstep.batch.backfill;

import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.OpenTileReach;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.spec.SourceSpec;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The arrival range of the next scheduled (incremental) backfill: from far enough before each group's
 * batch watermark that every tile closing since is complete, to the run's end (now minus a settle time).
 *
 * <p>A backfill writes a tile only when it is closed at the range's end ({@code end + lateness <= to})
 * and complete ({@code start - future skew >= from}: every event it can hold arrived in the range). A
 * group whose batch watermark is W already holds every tile closed at W (the run that published W wrote
 * them, and the runs before it the older ones). A tile that closes after W ends after
 * {@code W - lateness}, so it starts after {@code W - lateness - hop}: starting the range at
 * {@code W - lateness - future skew - longest hop} makes every such tile complete. Tiles closed at W
 * that fall in the range again are offered again and skipped by the store's version guard.
 */
public final class IncrementalRange {

    private IncrementalRange() {
    }

    /** How far before a group's batch watermark its next run must start: {@link OpenTileReach}. */
    public static long lookBackMillis(SourceSpec source, GroupPlan group) {
        return OpenTileReach.millis(source, group);
    }

    /**
     * The next run's range for the given groups.
     *
     * @param lookBackByGroup per group to backfill, its {@link #lookBackMillis}
     * @param watermarks      the groups' batch watermarks (end of their last completed run); a group
     *                        missing here has never been backfilled
     * @param firstFrom       where a group without a watermark starts its history, if given
     * @param toMillis        the run's end
     * @return the range, or empty when every group's watermark is already at or past {@code toMillis}
     * @throws IllegalArgumentException naming the group when one has no watermark and no first start is
     *                                  given, or when the first start is not before {@code toMillis}
     */
    public static Optional<ArchiveRange> next(Map<String, Long> lookBackByGroup, Map<String, Long> watermarks,
                                              OptionalLong firstFrom, long toMillis) {
        long from = Long.MAX_VALUE;
        for (Map.Entry<String, Long> group : new TreeMap<>(lookBackByGroup).entrySet()) {
            Long watermark = watermarks.get(group.getKey());
            if (watermark != null) {
                if (watermark < toMillis) {
                    from = Math.min(from, watermark - group.getValue());
                }
                continue;
            }
            if (firstFrom.isEmpty()) {
                throw new IllegalArgumentException("group " + group.getKey() + " has no batch watermark yet (never"
                        + " backfilled): its first incremental run needs a start (--from)");
            }
            if (firstFrom.getAsLong() >= toMillis) {
                throw new IllegalArgumentException("group " + group.getKey() + " has no batch watermark yet, and its first"
                        + " run's start " + Instant.ofEpochMilli(firstFrom.getAsLong())
                        + " is not before the run's end " + Instant.ofEpochMilli(toMillis));
            }
            from = Math.min(from, firstFrom.getAsLong());
        }
        return from == Long.MAX_VALUE ? Optional.empty() : Optional.of(new ArchiveRange(from, toMillis));
    }
}
