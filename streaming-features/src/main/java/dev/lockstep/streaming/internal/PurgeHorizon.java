package dev.lockstep.streaming.internal;

import dev.lockstep.features.event.RecordPosition;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * How far a source task's purges have reached, and whether an accepted event lies beyond that.
 *
 * <p>Purges drop what no accepted event can reach any more, judged by the arrival watermark (stream time:
 * the partition's latest arrival). That judgement holds only while a partition's arrival times never go
 * back, and with LogAppendTime they can: the partition's leader moves to a broker whose clock is behind, or
 * a clock is stepped. So purges run {@code margin} behind the watermark, and a partition whose arrivals step
 * back by up to the margin is folded exactly as if they had not. An event further back may need a tile
 * that was dropped or a dedup key that was forgotten: folding it into a fresh tile would write a partial
 * tile to the tile topic (from which a rebuild restores Redis), so such an event is refused instead; batch
 * accepts it, and a backfill applies it.
 *
 * <p>The purge point is kept in the task's changelogged progress store, in the same transaction as the
 * purge's deletes, so a restarted task refuses exactly what its restored stores can no longer fold. A
 * store written by an earlier build has no purge point, and that build purged at the stream time itself: for
 * the first margin of arrival time after an upgrade, a step back can still meet state it dropped.
 */
final class PurgeHorizon {

    private static final Bytes PURGED_AT_KEY = Bytes.wrap(new byte[] {'p'});

    private final KeyValueStore<Bytes, byte[]> progress;
    private final long marginMillis;
    private final long latenessMillis;
    /** The arrival watermark of the latest purge, or {@code Long.MIN_VALUE} before the first. */
    private long purgedAt;

    PurgeHorizon(KeyValueStore<Bytes, byte[]> progress, Duration margin, Duration allowedLateness) {
        this.progress = progress;
        this.marginMillis = margin.toMillis();
        this.latenessMillis = allowedLateness.toMillis();
        byte[] stored = progress.get(PURGED_AT_KEY);
        this.purgedAt = stored == null ? Long.MIN_VALUE : SourcePunctuation.decodeLong(stored);
    }

    /**
     * The arrival watermark to purge at when stream time is {@code streamTime}: the margin behind it, and
     * never behind an earlier purge. Persists it; call only when the purge runs.
     */
    long purgeAt(long streamTime) {
        long at = Math.max(streamTime, Long.MIN_VALUE + 1 + marginMillis) - marginMillis;
        if (at > purgedAt) {
            purgedAt = at;
            progress.put(PURGED_AT_KEY, SourcePunctuation.encodeLong(at));
        }
        return purgedAt;
    }

    /**
     * Whether an event of this event time may need state a purge dropped. A purge at watermark w forgets
     * dedup keys of event time {@code < w - lateness} ({@link DedupStore#forget}) and drops tiles ending at or
     * before {@code w - lateness} ({@link TileStore#dropClosed}); an event's tiles end after its event time,
     * so an event at or after {@code w - lateness} finds all of its state, and one before it may not.
     */
    boolean isBeyond(long eventTime) {
        return purgedAt != Long.MIN_VALUE && eventTime < keptFrom();
    }

    /** The earliest event time whose state every purge so far has kept (saturating, as the purges compute it). */
    private long keptFrom() {
        return Math.max(purgedAt, Long.MIN_VALUE + latenessMillis) - latenessMillis;
    }

    /** Why an event beyond the horizon is refused, for its dead letter. */
    String describe(RecordPosition position, long eventTime, long streamTime) {
        return "record " + position + " arrived " + (streamTime - position.arrivalMillis())
                + " ms before its partition's latest arrival " + streamTime
                + " (arrival times stepped back by more than arrival.regression.margin.ms = " + marginMillis
                + "): its event time " + eventTime + " is before " + keptFrom()
                + ", where this task has already dropped closed tiles and forgotten dedup keys (purged at arrival "
                + purgedAt + "), so it cannot be folded exactly and was not applied; batch accepts it: backfill the "
                + "range holding its arrival to apply it";
    }
}
