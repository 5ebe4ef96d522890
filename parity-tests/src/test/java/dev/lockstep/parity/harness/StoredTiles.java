package dev.lockstep.parity.harness;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.OnlineStore;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every tile the online store holds for the given groups and entities, as comparable text:
 * {@code group/entity/hop:index -> version:IR in hex}. Comparing two snapshots compares bytes and versions.
 */
public final class StoredTiles {

    private StoredTiles() {
    }

    public static Map<String, String> snapshot(OnlineStore store, Collection<String> groups, Collection<String> entities) {
        Map<String, String> tiles = new TreeMap<>();
        for (String group : groups) {
            store.readTiles(group, List.copyOf(entities)).forEach((entity, stored) -> add(tiles, group, entity, stored));
        }
        return tiles;
    }

    private static void add(Map<String, String> out, String group, String entity, EntityTiles stored) {
        for (Map.Entry<TileKey, byte[]> tile : stored.tiles().entrySet()) {
            TileKey key = tile.getKey();
            out.put(group + "/" + entity + "/" + key.hopMillis() + ":" + key.index(),
                    stored.versions().get(key) + ":" + HexFormat.of().formatHex(tile.getValue()));
        }
    }
}
