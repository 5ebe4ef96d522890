package dev.lockstep.parity.check;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.WindowRead;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.parity.report.RowKey;
import dev.lockstep.parity.report.SideValues;
import dev.lockstep.store.OnlineStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * What serving returns at t, read the way serving reads it: the entity's tiles from the online store,
 * then the engine's window read at t. An entity with no tiles at all is absent (Chronon's "missing").
 */
public final class ServedValues {

    private ServedValues() {
    }

    public static void read(OnlineStore store, GroupPlan plan, Collection<String> entities, long at, SideValues into) {
        List<String> keys = List.copyOf(entities);
        Map<String, NavigableMap<TileKey, byte[]>> tiles = store.readTileValues(plan.name(), keys);
        for (String key : keys) {
            NavigableMap<TileKey, byte[]> entityTiles = tiles.get(key);
            if (!entityTiles.isEmpty()) {
                into.put(new RowKey(at, plan.name(), key), WindowRead.at(plan, at, entityTiles));
            }
        }
    }
}
