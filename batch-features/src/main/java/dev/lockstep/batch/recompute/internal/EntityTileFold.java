package dev.lockstep.batch.recompute.internal;

import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.engine.TileFolder;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Folds one task's surviving events into whole tiles with the engine's {@link TileFolder}, one folder
 * per (entity, group). The recompute shuffles by entity, so every event of a tile is in the task and a
 * folded tile is whole; the engine's fold is exact and order-independent, so its bytes do not depend on
 * the order events came in.
 *
 * <p>Entity first: an event costs one lookup by its entity key, not one per tile; and the tiles come
 * out entity by entity, so a backfill finds an entity's tiles side by side and writes them in one call.
 */
public final class EntityTileFold {

    private EntityTileFold() {
    }

    /** The tiles of one task's events, entity by entity, encoded lazily as the iterator is read. */
    public static Iterator<RecomputedTile> foldPartition(SpecHandle spec, String source, ArchiveRange range,
                                                         Iterator<EventRow> events) {
        SourcePlan plan = spec.plan(source);
        List<GroupPlan> groups = plan.groups();
        Map<String, TileFolder[]> byEntity = new HashMap<>();
        while (events.hasNext()) {
            EventRow row = events.next();
            AcceptedEvent event = row.toAccepted();
            TileFolder[] folders = byEntity.computeIfAbsent(row.entityKey(), unused -> newFolders(groups));
            for (TileFolder folder : folders) {
                folder.add(event);
            }
        }
        long skew = plan.source().maxFutureSkew().toMillis();
        return byEntity.entrySet().stream()
                .flatMap(entry -> IntStream.range(0, groups.size())
                        .boxed()
                        .flatMap(g -> tiles(groups.get(g), entry.getValue()[g], entry.getKey(), range, skew)))
                .iterator();
    }

    private static TileFolder[] newFolders(List<GroupPlan> groups) {
        return groups.stream().map(TileFolder::new).toArray(TileFolder[]::new);
    }

    private static Stream<RecomputedTile> tiles(GroupPlan group, TileFolder folder, String entity,
                                                ArchiveRange range, long skew) {
        return folder.tiles().entrySet().stream().map(tile -> new RecomputedTile(group.name(), entity,
                tile.getKey().hopMillis(), tile.getKey().index(), group.encode(tile.getKey(), tile.getValue()),
                folder.eventCount(tile.getKey()), group.isClosed(tile.getKey(), range.toMillis()),
                range.missesNoEventFrom(tile.getKey().startMillis(), skew)));
    }
}
