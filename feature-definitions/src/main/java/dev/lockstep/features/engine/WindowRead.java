package dev.lockstep.features.engine;

import dev.lockstep.features.agg.Aggregator;
import dev.lockstep.features.tile.TileKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The value of every feature of a group at read time t, from its tiles (docs/semantics.md):
 * {@code finalize(merge of the IRs of accepted events with arrival <= t and
 * event_time >= floor((t - W) / hop) * hop)}.
 *
 * <p>The tail is quantized to the hop: a feature reads the tiles with {@code index >= floor((t - W) / hop)}.
 * The head is exact by arrival because the caller passes tiles holding exactly the events with
 * {@code arrival <= t}: Redis tiles once the pipeline has caught up to t, or, for a point-in-time
 * training row, the tiles closed at t plus tiles folded from the events that arrived by t. Values are
 * computed at read time, so a value never goes stale just because no event came.
 */
public final class WindowRead {

    private WindowRead() {
    }

    /** Reads from encoded tiles (as stored in Redis or offline tables). Tiles of unknown hops are an error. */
    public static Map<String, Object> at(GroupPlan plan, long readTimeMillis, Map<TileKey, byte[]> tiles) {
        Object[][] merged = emptyAccumulators(plan);
        long[][] firstIndex = firstTileIndexes(plan, readTimeMillis);
        boolean[][] include = new boolean[plan.hopCount()][];
        for (int h = 0; h < include.length; h++) {
            include[h] = new boolean[firstIndex[h].length];
        }
        for (Map.Entry<TileKey, byte[]> entry : newestFirst(tiles)) {
            TileKey tile = entry.getKey();
            int h = plan.hopIndexOf(tile.hopMillis());
            boolean any = false;
            for (int slot = 0; slot < include[h].length; slot++) {
                include[h][slot] = tile.index() >= firstIndex[h][slot];
                any |= include[h][slot];
            }
            if (any) {
                // Merged straight from the bytes: most tiles of a read are only merged, never kept.
                plan.codec(h).mergeInto(merged[h], entry.getValue(), include[h]);
            }
        }
        return finalizeAll(plan, merged);
    }

    /** Reads from decoded tiles; the given IRs are not modified. */
    public static Map<String, Object> atDecoded(GroupPlan plan, long readTimeMillis, Map<TileKey, Object[]> tiles) {
        Object[][] merged = emptyAccumulators(plan);
        long[][] firstIndex = firstTileIndexes(plan, readTimeMillis);
        for (Map.Entry<TileKey, Object[]> entry : tiles.entrySet()) {
            TileKey tile = entry.getKey();
            int h = plan.hopIndexOf(tile.hopMillis());
            Object[] irs = entry.getValue();
            List<Aggregator<Object>> aggregators = plan.codec(h).aggregators();
            for (int slot = 0; slot < irs.length; slot++) {
                if (tile.index() >= firstIndex[h][slot]) {
                    aggregators.get(slot).merge(merged[h][slot], irs[slot]);
                }
            }
        }
        return finalizeAll(plan, merged);
    }

    /**
     * Every merge is order-independent, so the order only matters for speed: newest first lets LAST
     * skip decoding the values of older tiles (the common case; FIRST pays the opposite).
     */
    private static Iterable<Map.Entry<TileKey, byte[]>> newestFirst(Map<TileKey, byte[]> tiles) {
        if (tiles instanceof NavigableMap<TileKey, byte[]> sorted) {
            return sorted.descendingMap().entrySet();
        }
        List<Map.Entry<TileKey, byte[]>> entries = new ArrayList<>(tiles.entrySet());
        entries.sort(Map.Entry.<TileKey, byte[]>comparingByKey(Comparator.comparingLong(TileKey::index)).reversed());
        return entries;
    }

    private static Object[][] emptyAccumulators(GroupPlan plan) {
        Object[][] merged = new Object[plan.hopCount()][];
        for (int h = 0; h < merged.length; h++) {
            merged[h] = plan.codec(h).emptyIrs();
        }
        return merged;
    }

    /** Per hop and slot, the first tile index the feature reads at t: floor((t - W) / hop). */
    private static long[][] firstTileIndexes(GroupPlan plan, long t) {
        long[][] firstIndex = new long[plan.hopCount()][];
        for (int h = 0; h < firstIndex.length; h++) {
            int slots = plan.codec(h).aggregators().size();
            firstIndex[h] = new long[slots];
            for (int slot = 0; slot < slots; slot++) {
                firstIndex[h][slot] = Math.floorDiv(t - plan.window(h, slot), plan.hop(h));
            }
        }
        return firstIndex;
    }

    private static Map<String, Object> finalizeAll(GroupPlan plan, Object[][] merged) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int feature = 0; feature < plan.features().size(); feature++) {
            int[] at = plan.location(feature);
            Aggregator<Object> aggregator = plan.codec(at[0]).aggregators().get(at[1]);
            values.put(plan.features().get(feature).name(), aggregator.finalizeValue(merged[at[0]][at[1]]));
        }
        return values;
    }
}
