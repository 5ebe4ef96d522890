package dev.lockstep.batch.recompute.internal;

import dev.lockstep.features.tile.TileKey;
import java.io.Serializable;

/** The shuffle key of a tile: one feature group's tile of one entity. */
public record TileId(String group, String entity, long hopMillis, long index) implements Serializable {

    public TileKey tileKey() {
        return new TileKey(hopMillis, index);
    }
}
