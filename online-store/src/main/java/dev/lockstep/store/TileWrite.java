package dev.lockstep.store;

import dev.lockstep.features.tile.TileKey;
import java.util.Objects;

/**
 * One tile to write: the absolute IR bytes (owned and encoded by the engine's codec; stored raw) and the
 * version that guards it. Versions only grow for a given tile; a write whose version is not strictly
 * greater than the stored one is skipped.
 *
 * @param group     feature group, registered with a {@link GroupLayout}
 * @param entityKey entity key, any string (escaped in the Redis key)
 * @param tile      the tile; its hop must be registered in the group's layout
 * @param version   non-negative, strictly increasing per tile across writers
 * @param irBytes   the encoded IR; not copied, so do not mutate it after handing it over
 */
public record TileWrite(String group, String entityKey, TileKey tile, long version, byte[] irBytes) {

    public TileWrite {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(entityKey, "entityKey");
        Objects.requireNonNull(tile, "tile");
        Objects.requireNonNull(irBytes, "irBytes");
        if (version < 0) {
            throw new OnlineStoreException("invalid version " + version + " for tile " + tile + " of "
                    + group + "/" + entityKey + ": versions must be non-negative");
        }
    }
}
