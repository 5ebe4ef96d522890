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

    /** One tile's IRs and how many events were folded into them. */
    private static final class Tile {
        final Object[] irs;
        long events;

        Tile(Object[] irs) {
            this.irs = irs;
        }
    }

    private final GroupPlan plan;
    private final TreeMap<TileKey, Tile> tiles = new TreeMap<>();
    /**
     * Per hop, the event-time range [start, end) of the tile the last event went to, and that tile: an
     * entity's next event nearly always goes there too.
     */
    private final long[] lastStart;
    private final long[] lastEnd;
    private final Tile[] last;

    public TileFolder(GroupPlan plan) {
        this.plan = plan;
        this.lastStart = new long[plan.hopCount()];
        this.lastEnd = new long[plan.hopCount()];
        this.last = new Tile[plan.hopCount()];
    }

    public TileFolder add(AcceptedEvent event) {
        // Hop by hop rather than through tilesFor/fold: no list, no hop lookup, and neither a division nor
        // a map lookup when the event lands in the same tile as the previous one (a hot path of batch).
        long eventTime = event.eventTime();
        for (int h = 0; h < last.length; h++) {
            Tile tile = last[h];
            if (tile == null || eventTime < lastStart[h] || eventTime >= lastEnd[h]) {
                TileKey key = TileKey.containing(plan.hop(h), eventTime);
                tile = tiles.computeIfAbsent(key, k -> new Tile(plan.emptyIrs(k)));
                // Where a bound overflows a long (tiles at the very ends of time) both wrap, start above
                // end: an empty range, which never catches another tile's events.
                lastStart[h] = key.startMillis();
                lastEnd[h] = key.endMillis();
                last[h] = tile;
            }
            plan.foldIntoHop(h, tile.irs, event);
            tile.events++;
        }
        return this;
    }

    /** Merges another folder's tiles of the same group into this one (e.g. partial folds of parallel tasks). */
    public TileFolder merge(TileFolder other) {
        other.tiles.forEach((key, theirs) -> {
            Tile mine = tiles.get(key);
            if (mine == null) {
                tiles.put(key, theirs);
            } else {
                plan.merge(key, mine.irs, theirs.irs);
                mine.events += theirs.events;
            }
        });
        return this;
    }

    public TileFolder addAll(Iterable<AcceptedEvent> events) {
        events.forEach(this::add);
        return this;
    }

    /** The tiles folded so far, by key: a read-only snapshot whose IR arrays are live, not copies. */
    public Map<TileKey, Object[]> tiles() {
        Map<TileKey, Object[]> irs = new TreeMap<>();
        tiles.forEach((key, tile) -> irs.put(key, tile.irs));
        return Collections.unmodifiableMap(irs);
    }

    /**
     * How many events were folded into a tile (0 for a tile never touched): for a closed tile, the final
     * value of streaming's per-tile update counter, which is the tile's version.
     */
    public long eventCount(TileKey key) {
        Tile tile = tiles.get(key);
        return tile == null ? 0 : tile.events;
    }

    /** The tiles folded so far, encoded as they are stored. */
    public Map<TileKey, byte[]> encodedTiles() {
        Map<TileKey, byte[]> encoded = new TreeMap<>();
        tiles.forEach((key, tile) -> encoded.put(key, plan.encode(key, tile.irs)));
        return encoded;
    }
}
