package dev.lockstep.batch.backfill;

import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.store.TileWrite;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Cuts a task's tiles (which come entity by entity) into pipelined write rounds of at least
 * {@code target} tiles that end between entities, unless one entity alone fills {@code max}.
 *
 * <p>Why between entities: the second script call for a key that an earlier round created must read every
 * stored version and clean up expired fields. In a backfill of ~335 tiles per entity, rounds cut every
 * 1,000 tiles made a quarter of the calls such second calls, and cost Redis 1.75 times the CPU
 * (docs/benchmarks.md; measured when that cleanup still walked every field of the hash).
 */
final class WriteRounds implements Iterator<List<TileWrite>> {

    private final Iterator<RecomputedTile> tiles;
    private final int target;
    private final int max;
    private RecomputedTile pending;

    WriteRounds(Iterator<RecomputedTile> tiles, int target, int max) {
        if (target < 1 || max < target) {
            throw new IllegalArgumentException("Invalid round sizes " + target + ".." + max + ": need 1 <= target <= max");
        }
        this.tiles = tiles;
        this.target = target;
        this.max = max;
    }

    @Override
    public boolean hasNext() {
        return pending != null || tiles.hasNext();
    }

    @Override
    public List<TileWrite> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<TileWrite> round = new ArrayList<>(target);
        RecomputedTile last = null;
        while (pending != null || tiles.hasNext()) {
            RecomputedTile tile = pending != null ? pending : tiles.next();
            pending = null;
            if (round.size() >= max || round.size() >= target && !sameKey(last, tile)) {
                pending = tile;
                break;
            }
            round.add(new TileWrite(tile.group(), tile.entity(), tile.tileKey(), tile.events(), tile.irs()));
            last = tile;
        }
        return round;
    }

    private static boolean sameKey(RecomputedTile a, RecomputedTile b) {
        return a.entity().equals(b.entity()) && a.group().equals(b.group());
    }
}
