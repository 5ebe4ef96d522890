package dev.lockstep.store;

import dev.lockstep.features.tile.TileKey;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The stored tiles of one entity of one group, sorted by (hop, index), with the version of each.
 * Immutable; a class rather than a record so that a decoder can hand over maps it built without another
 * copy ({@link #adopt}): every served read builds one of these, and copying its two maps was a visible
 * share of a request's CPU.
 */
public final class EntityTiles {

    private static final EntityTiles EMPTY = new EntityTiles(new TreeMap<>(), new TreeMap<>());

    private final NavigableMap<TileKey, byte[]> tiles;
    private final NavigableMap<TileKey, Long> versions;

    /**
     * @param tiles    IR bytes by tile (raw, as written; decode with the engine's codec); copied
     * @param versions the stored version of each tile; same key set as {@code tiles}; copied
     * @throws OnlineStoreException when the key sets differ
     */
    public EntityTiles(SortedMap<TileKey, byte[]> tiles, SortedMap<TileKey, Long> versions) {
        this(new TreeMap<>(tiles), new TreeMap<>(versions));
    }

    private EntityTiles(TreeMap<TileKey, byte[]> tiles, TreeMap<TileKey, Long> versions) {
        if (!tiles.keySet().equals(versions.keySet())) {
            throw new OnlineStoreException("inconsistent entity tiles: tiles " + tiles.keySet()
                    + " but versions " + versions.keySet());
        }
        // Navigable (still a SortedMap): WindowRead walks tiles newest first without sorting them again.
        this.tiles = Collections.unmodifiableNavigableMap(tiles);
        this.versions = Collections.unmodifiableNavigableMap(versions);
    }

    /**
     * Takes the maps without copying them: for a decoder that built them and keeps no reference. Anyone
     * else uses the constructor or {@link #of}.
     *
     * @throws OnlineStoreException when the key sets differ
     */
    public static EntityTiles adopt(TreeMap<TileKey, byte[]> tiles, TreeMap<TileKey, Long> versions) {
        return new EntityTiles(tiles, versions);
    }

    /** No tiles: the entity has nothing stored (never written, expired, or deleted). */
    public static EntityTiles empty() {
        return EMPTY;
    }

    /** Builds from plain maps (copied). */
    public static EntityTiles of(Map<TileKey, byte[]> tiles, Map<TileKey, Long> versions) {
        return new EntityTiles(new TreeMap<>(tiles), new TreeMap<>(versions));
    }

    /** IR bytes by tile, sorted by (hop, index); unmodifiable. */
    public NavigableMap<TileKey, byte[]> tiles() {
        return tiles;
    }

    /** The stored version of each tile; same key set as {@link #tiles()}; unmodifiable. */
    public NavigableMap<TileKey, Long> versions() {
        return versions;
    }

    public boolean isEmpty() {
        return tiles.isEmpty();
    }

    /** Convenience for readers that look up one tile. */
    public byte[] tile(TileKey key) {
        return tiles.get(key);
    }

    @Override
    public String toString() {
        return "EntityTiles" + versions;
    }
}
