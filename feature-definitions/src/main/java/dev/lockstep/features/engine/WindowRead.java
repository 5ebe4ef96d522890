package dev.lockstep.features.engine;

import dev.lockstep.features.agg.Aggregator;
import dev.lockstep.features.tile.TileKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

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
        return read(plan, readTimeMillis, tiles, plan::decode);
    }

    /** Reads from decoded tiles; the given IRs are not modified. */
    public static Map<String, Object> atDecoded(GroupPlan plan, long readTimeMillis, Map<TileKey, Object[]> tiles) {
        return read(plan, readTimeMillis, tiles, (tile, irs) -> irs);
    }

    private static <T> Map<String, Object> read(GroupPlan plan, long t, Map<TileKey, T> tiles,
                                                BiFunction<TileKey, T, Object[]> decode) {
        int hopCount = plan.hopCount();
        Object[][] merged = new Object[hopCount][];
        long[][] firstIndex = new long[hopCount][];
        long[] earliestNeeded = new long[hopCount];
        for (int h = 0; h < hopCount; h++) {
            long hop = plan.hop(h);
            int slots = plan.codec(h).aggregators().size();
            merged[h] = plan.codec(h).emptyIrs();
            firstIndex[h] = new long[slots];
            earliestNeeded[h] = Long.MAX_VALUE;
            for (int slot = 0; slot < slots; slot++) {
                firstIndex[h][slot] = Math.floorDiv(t - plan.window(h, slot), hop);
                earliestNeeded[h] = Math.min(earliestNeeded[h], firstIndex[h][slot]);
            }
        }
        for (Map.Entry<TileKey, T> entry : tiles.entrySet()) {
            TileKey tile = entry.getKey();
            int h = plan.hopIndexOf(tile.hopMillis());
            if (tile.index() < earliestNeeded[h]) {
                continue;
            }
            Object[] irs = decode.apply(tile, entry.getValue());
            List<Aggregator<Object>> aggregators = plan.codec(h).aggregators();
            for (int slot = 0; slot < irs.length; slot++) {
                if (tile.index() >= firstIndex[h][slot]) {
                    aggregators.get(slot).merge(merged[h][slot], irs[slot]);
                }
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int feature = 0; feature < plan.features().size(); feature++) {
            int[] at = plan.location(feature);
            Aggregator<Object> aggregator = plan.codec(at[0]).aggregators().get(at[1]);
            values.put(plan.features().get(feature).name(), aggregator.finalizeValue(merged[at[0]][at[1]]));
        }
        return values;
    }
}
