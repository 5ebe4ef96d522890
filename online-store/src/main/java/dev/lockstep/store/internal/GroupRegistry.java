package dev.lockstep.store.internal;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.GroupLayout;
import dev.lockstep.store.OnlineStoreException;
import dev.lockstep.store.TileWrite;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The group layouts a store was built with; validates writes before anything is sent. */
public final class GroupRegistry {

    private final Map<String, RegisteredGroup> groups;

    public GroupRegistry(List<GroupLayout> layouts) {
        Map<String, RegisteredGroup> byName = new LinkedHashMap<>();
        for (GroupLayout layout : layouts) {
            if (byName.putIfAbsent(layout.group(), new RegisteredGroup(layout)) != null) {
                throw new OnlineStoreException("group layout " + layout.group() + " is registered twice");
            }
        }
        this.groups = Map.copyOf(byName);
    }

    public GroupLayout layout(String group) {
        return registered(group).layout();
    }

    /** The group's layout with its lookups precomputed. */
    public RegisteredGroup registered(String group) {
        RegisteredGroup registered = groups.get(group);
        if (registered == null) {
            throw new OnlineStoreException("unknown feature group " + group + ": not registered with the store"
                    + " (registered: " + new TreeSet<>(groups.keySet()) + ")");
        }
        return registered;
    }

    /** Checks the group and hop of every write, all before any is applied. */
    public void validate(List<TileWrite> writes) {
        for (TileWrite write : writes) {
            registered(write.group()).retentionMillis(write.tile().hopMillis());
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
        return firstLiveIndex(layout.retentionOf(hopMillis).toMillis(), hopMillis, nowMillis);
    }

    static long firstLiveIndex(long retentionMillis, long hopMillis, long nowMillis) {
        long oldestEnd = nowMillis - retentionMillis;
        // (i + 1) * hop >= oldestEnd  <=>  i >= ceil(oldestEnd / hop) - 1 (JDK 17 has floorDiv, not ceilDiv)
        return -Math.floorDiv(-oldestEnd, hopMillis) - 1;
    }
}
