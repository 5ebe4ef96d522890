package dev.lockstep.store.internal;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.GroupLayout;
import dev.lockstep.store.OnlineStoreException;
import dev.lockstep.store.TileWrite;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The group layouts a store was built with; validates writes before anything is sent. */
public final class GroupRegistry {

    private final Map<String, GroupLayout> layouts;

    public GroupRegistry(List<GroupLayout> groups) {
        Map<String, GroupLayout> byName = new LinkedHashMap<>();
        for (GroupLayout layout : groups) {
            if (byName.putIfAbsent(layout.group(), layout) != null) {
                throw new OnlineStoreException("group layout " + layout.group() + " is registered twice");
            }
        }
        this.layouts = Map.copyOf(byName);
    }

    public GroupLayout layout(String group) {
        GroupLayout layout = layouts.get(group);
        if (layout == null) {
            throw new OnlineStoreException("unknown feature group " + group + ": not registered with the store"
                    + " (registered: " + layouts.keySet() + ")");
        }
        return layout;
    }

    /** Checks the group and hop of every write, all before any is applied. */
    public void validate(List<TileWrite> writes) {
        for (TileWrite write : writes) {
            layout(write.group()).retentionOf(write.tile().hopMillis());
        }
    }

    /**
     * Whether a tile is past its hop's retention at {@code nowMillis} (it ended before
     * {@code now - retention}): no read can need it. The one expiry rule of both stores; the Redis script's
     * cleanup gets the same rule as {@link #firstLiveIndex}, so a tile a client writes is never one the
     * script deletes.
     */
    public static boolean isExpired(GroupLayout layout, TileKey tile, long nowMillis) {
        return tile.index() < firstLiveIndex(layout, tile.hopMillis(), nowMillis);
    }

    /**
     * The oldest index of a hop whose tile is not expired at {@code nowMillis}: tile {@code i} is expired
     * exactly when {@code i < firstLiveIndex}. As an index, so the Redis script compares and enumerates
     * indexes instead of computing tile ends.
     */
    public static long firstLiveIndex(GroupLayout layout, long hopMillis, long nowMillis) {
        long oldestEnd = nowMillis - layout.retentionOf(hopMillis).toMillis();
        // (i + 1) * hop >= oldestEnd  <=>  i >= ceil(oldestEnd / hop) - 1 (JDK 17 has floorDiv, not ceilDiv)
        return -Math.floorDiv(-oldestEnd, hopMillis) - 1;
    }
}
