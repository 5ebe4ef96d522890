package dev.lockstep.features.engine;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.tile.TileKey;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds accepted (already deduplicated) events of one entity into in-memory tiles. The batch job folds
 * partitions of events this way and merges the partial tiles; tests use it as the plain way to tile.
 */
public final class TileFolder {

    private final GroupPlan plan;
    private final TreeMap<TileKey, Object[]> tiles = new TreeMap<>();
    /** Per tile, how many events were folded into it (one-element arrays, so the hot path bumps in place). */
    private final TreeMap<TileKey, long[]> eventCounts = new TreeMap<>();
    /**
     * Per hop, the event-time range [start, end) of the tile the last event went to, its IRs and its
     * event count: an entity's next event nearly always goes there too.
     */
    private final long[] lastStart;
    private final long[] lastEnd;
    private final Object[][] lastIrs;
    private final long[][] lastCount;

    public TileFolder(GroupPlan plan) {
        this.plan = plan;
        this.lastStart = new long[plan.hopCount()];
        this.lastEnd = new long[plan.hopCount()];
        this.lastIrs = new Object[plan.hopCount()][];
        this.lastCount = new long[plan.hopCount()][];
    }

    public TileFolder add(AcceptedEvent event) {
        // Hop by hop rather than through tilesFor/fold: no list, no hop lookup, and neither a division nor
        // a map lookup when the event lands in the same tile as the previous one (a hot path of batch).
        long eventTime = event.eventTime();
        for (int h = 0; h < lastIrs.length; h++) {
            Object[] irs = lastIrs[h];
            if (irs == null || eventTime < lastStart[h] || eventTime >= lastEnd[h]) {
                TileKey tile = TileKey.containing(plan.hop(h), eventTime);
                irs = tiles.computeIfAbsent(tile, plan::emptyIrs);
                // Where a bound overflows a long (tiles at the very ends of time) both wrap, start above
                // end: an empty range, which never catches another tile's events.
                lastStart[h] = tile.startMillis();
                lastEnd[h] = tile.endMillis();
                lastIrs[h] = irs;
                lastCount[h] = eventCounts.computeIfAbsent(tile, unused -> new long[1]);
            }
            plan.foldIntoHop(h, irs, event);
            lastCount[h][0]++;
        }
        return this;
    }

    /** Merges another folder's tiles of the same group into this one (e.g. partial folds of parallel tasks). */
    public TileFolder merge(TileFolder other) {
        other.tiles.forEach((tile, irs) -> {
            Object[] into = tiles.get(tile);
            if (into == null) {
                tiles.put(tile, irs);
            } else {
                plan.merge(tile, into, irs);
            }
            eventCounts.computeIfAbsent(tile, unused -> new long[1])[0] += other.eventCount(tile);
        });
        return this;
    }

    public TileFolder addAll(Iterable<AcceptedEvent> events) {
        events.forEach(this::add);
        return this;
    }

    /** The tiles folded so far, by key: a read-only view whose IR arrays are live, not copies. */
    public Map<TileKey, Object[]> tiles() {
        return Collections.unmodifiableMap(tiles);
    }

    /**
     * How many events were folded into a tile (0 for a tile never touched): for a closed tile, the final
     * value of streaming's per-tile update counter, which is the tile's version.
     */
    public long eventCount(TileKey tile) {
        long[] count = eventCounts.get(tile);
        return count == null ? 0 : count[0];
    }

    /** The tiles folded so far, encoded as they are stored. */
    public Map<TileKey, byte[]> encodedTiles() {
        Map<TileKey, byte[]> encoded = new TreeMap<>();
        tiles.forEach((tile, irs) -> encoded.put(tile, plan.encode(tile, irs)));
        return encoded;
    }
}
