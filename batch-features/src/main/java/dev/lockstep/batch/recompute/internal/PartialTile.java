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
 * The encoded IRs of a tile folded from some of its events, and how many events that was. Partials of
 * one tile merge through {@link GroupPlan#merge}, which is exact, so the merged bytes do not depend on
 * how events were split.
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

    /** Merges two partials of the same tile. */
    public static PartialTile merge(SpecHandle spec, String source, PartialTile a, PartialTile b) {
        GroupPlan plan = spec.plan(source).group(a.id.group());
        TileKey tile = a.id.tileKey();
        Object[] into = plan.decode(tile, a.irs);
        plan.merge(tile, into, plan.decode(tile, b.irs));
        return new PartialTile(a.id, plan.encode(tile, into), Math.addExact(a.events, b.events));
    }
}
