package dev.lockstep.features.engine;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.tile.TileKey;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds accepted (already deduplicated) events of one entity into in-memory tiles. The batch job folds
 * partitions of events this way and merges the partial tiles; tests use it as the plain way to tile.
 */
public final class TileFolder {

    private final GroupPlan plan;
    private final TreeMap<TileKey, Object[]> tiles = new TreeMap<>();

    public TileFolder(GroupPlan plan) {
        this.plan = plan;
    }

    public TileFolder add(AcceptedEvent event) {
        for (TileKey tile : plan.tilesFor(event.eventTime())) {
            plan.fold(tile, tiles.computeIfAbsent(tile, plan::emptyIrs), event);
        }
        return this;
    }

    public TileFolder addAll(Iterable<AcceptedEvent> events) {
        events.forEach(this::add);
        return this;
    }

    /** The tiles folded so far, by key; the IR arrays are live, not copies. */
    public Map<TileKey, Object[]> tiles() {
        return tiles;
    }

    /** The tiles folded so far, encoded as they are stored. */
    public Map<TileKey, byte[]> encodedTiles() {
        Map<TileKey, byte[]> encoded = new TreeMap<>();
        tiles.forEach((tile, irs) -> encoded.put(tile, plan.encode(tile, irs)));
        return encoded;
    }
}
