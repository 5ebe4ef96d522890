package dev.lockstep.batch.recompute;

import dev.lockstep.features.tile.TileKey;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tile recomputed from the archive: its IRs encoded exactly as streaming stores them.
 *
 * @param events   how many accepted, deduplicated events were folded into it: for a closed tile, the
 *                 final value of streaming's per-tile update counter, which is the tile's version
 * @param closed   no accepted event can land in the tile any more at the range's end
 *                 ({@code GroupPlan.isClosed(tile, to)})
 * @param complete every event the tile can hold arrived within the range: its start minus the
 *                 source's future skew is not before the range's start
 */
public record RecomputedTile(String group, String entity, long hopMillis, long index, byte[] irs, long events,
                             boolean closed, boolean complete) implements Serializable {

    public RecomputedTile {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(irs, "irs");
    }

    public TileKey tileKey() {
        return new TileKey(hopMillis, index);
    }

    /**
     * Whether the tile may be written to the online store: closed (so streaming will never rewrite it)
     * and complete (so it does not miss events that arrived before the range).
     */
    public boolean backfillable() {
        return closed && complete;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecomputedTile that && group.equals(that.group) && entity.equals(that.entity)
                && hopMillis == that.hopMillis && index == that.index && Arrays.equals(irs, that.irs)
                && events == that.events && closed == that.closed && complete == that.complete;
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, entity, hopMillis, index, Arrays.hashCode(irs), events, closed, complete);
    }

    @Override
    public String toString() {
        return "RecomputedTile[" + group + ", " + entity + ", hop " + hopMillis + ", index " + index + ", "
                + irs.length + " bytes, " + events + " events" + (closed ? ", closed" : ", open") + (complete ? ", complete" : ", partial") + "]";
    }
}
