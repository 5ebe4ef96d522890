package dev.lockstep.batch.recompute.internal;

import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.engine.TileFolder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Folds one task's shuffled events into whole tiles with the engine's {@link TileFolder}, entity by
 * entity: the entity's events are deduplicated ({@link EntityEvents}), then folded, one folder per group.
 * The recompute shuffles by entity, so every event of a tile is in the task and a folded tile is whole;
 * the engine's fold is exact and order-independent, so its bytes do not depend on the order events came in.
 *
 * <p>Entity by entity: an entity's events and tiles stay in cache while they are folded, and the tiles
 * come out side by side, so a backfill writes an entity's tiles in one call.
 */
public final class EntityTileFold {

    private EntityTileFold() {
    }

    /**
     * The tiles of one task's shuffled chunks of events (every copy of its entities' events, the
     * look-behind's included), entity by entity: each entity's events are decoded, deduplicated, folded and
     * encoded as the iterator reaches it, and released after.
     */
    public static Iterator<RecomputedTile> foldPartition(SpecHandle spec, String source, ArchiveRange range,
                                                         Iterator<byte[]> chunks) {
        SourcePlan plan = spec.plan(source);
        List<GroupPlan> groups = plan.groups();
        long skew = plan.source().maxFutureSkew().toMillis();
        return EntityEvents.flatMapEntities(chunks, (entity, ofEntity) -> entityTiles(groups, entity, ofEntity, range,
                skew));
    }

    private static Iterator<RecomputedTile> entityTiles(List<GroupPlan> groups, String entity, List<EventRow> events,
                                                        ArchiveRange range, long skew) {
        TileFolder[] folders = newFolders(groups);
        // Survivors come sorted by event time: an event nearly always lands in its predecessor's tiles.
        for (EventRow row : EntityEvents.firstOccurrencesInRange(events)) {
            AcceptedEvent event = row.toAccepted();
            for (TileFolder folder : folders) {
                folder.add(event);
            }
        }
        List<RecomputedTile> tiles = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            tiles(groups.get(g), folders[g], entity, range, skew).forEach(tiles::add);
        }
        return tiles.iterator();
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
