package dev.lockstep.batch.recompute.internal;

import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.tile.TileKey;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import scala.Tuple2;

/**
 * The encoded IRs of a tile folded from events, and how many events that was. The recompute folds all
 * of a tile's events in one task (it shuffles by entity), so a folded tile is whole; the engine's fold
 * is exact and order-independent, so its bytes do not depend on the order events came in.
 */
public record PartialTile(TileId id, byte[] irs, long events) implements Serializable {

    /** Folds one Spark partition's events into partial tiles, one per (group, entity, tile). */
    public static Iterator<Tuple2<TileId, PartialTile>> foldPartition(SpecHandle spec, String source,
                                                                       Iterator<EventRow> events) {
        List<GroupPlan> groups = spec.plan(source).groups();
        Map<TileId, Object[]> tiles = new HashMap<>();
        Map<TileId, Long> counts = new HashMap<>();
        while (events.hasNext()) {
            EventRow row = events.next();
            var event = row.toAccepted();
            for (GroupPlan plan : groups) {
                for (TileKey tile : plan.tilesFor(event.eventTime())) {
                    TileId id = new TileId(plan.name(), event.entityKey(), tile.hopMillis(), tile.index());
                    plan.fold(tile, tiles.computeIfAbsent(id, unused -> plan.emptyIrs(tile)), event);
                    counts.merge(id, 1L, Long::sum);
                }
            }
        }
        return tiles.entrySet().stream().map(entry -> {
            TileId id = entry.getKey();
            byte[] bytes = spec.plan(source).group(id.group()).encode(id.tileKey(), entry.getValue());
            return new Tuple2<>(id, new PartialTile(id, bytes, counts.get(id)));
        }).iterator();
    }
}
