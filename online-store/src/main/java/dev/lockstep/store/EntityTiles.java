package dev.lockstep.store;

import dev.lockstep.features.tile.TileKey;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The stored tiles of one entity of one group, sorted by (hop, index), with the version of each.
 *
 * @param tiles    IR bytes by tile (raw, as written; decode with the engine's codec)
 * @param versions the stored version of each tile; same key set as {@code tiles}
 */
public record EntityTiles(SortedMap<TileKey, byte[]> tiles, SortedMap<TileKey, Long> versions) {

    private static final EntityTiles EMPTY = new EntityTiles(new TreeMap<>(), new TreeMap<>());

    public EntityTiles {
        if (!tiles.keySet().equals(versions.keySet())) {
            throw new OnlineStoreException("inconsistent entity tiles: tiles " + tiles.keySet()
                    + " but versions " + versions.keySet());
        }
        // Navigable (still a SortedMap): WindowRead walks tiles newest first without sorting them again.
        tiles = Collections.unmodifiableNavigableMap(new TreeMap<>(tiles));
        versions = Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
    }

    /** No tiles: the entity has nothing stored (never written, expired, or deleted). */
    public static EntityTiles empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return tiles.isEmpty();
    }

    /** Convenience for readers that look up one tile. */
    public byte[] tile(TileKey key) {
        return tiles.get(key);
    }

    /** Builds from plain maps (copied). */
    public static EntityTiles of(Map<TileKey, byte[]> tiles, Map<TileKey, Long> versions) {
        return new EntityTiles(new TreeMap<>(tiles), new TreeMap<>(versions));
    }
}
