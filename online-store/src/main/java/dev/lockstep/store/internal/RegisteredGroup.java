package dev.lockstep.store.internal;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.GroupLayout;
import java.util.Map;

/**
 * A registered group's layout with its hops' retentions in arrays, and its key prefix escaped once. Writes
 * look these up for every tile: through the layout's map (a boxed {@code Long} key into an immutable map)
 * that was 6% of a stream thread's samples, and escaping the group name for every key another 2-3%.
 */
public final class RegisteredGroup {

    private final GroupLayout layout;
    private final long[] hops;
    private final long[] retentionMillis;
    private final String keyPrefix;

    RegisteredGroup(GroupLayout layout) {
        this.layout = layout;
        Map<Long, java.time.Duration> retention = layout.retentionByHopMillis();
        this.hops = retention.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        this.retentionMillis = new long[hops.length];
        for (int i = 0; i < hops.length; i++) {
            retentionMillis[i] = retention.get(hops[i]).toMillis();
        }
        this.keyPrefix = KeyLayout.entityKeyPrefix(layout.group());
    }

    public GroupLayout layout() {
        return layout;
    }

    /** The group's hops, ascending. */
    public int hopCount() {
        return hops.length;
    }

    public long hop(int position) {
        return hops[position];
    }

    /** {@link KeyLayout#entityKey} of one of this group's entities. */
    public String entityKey(String entity) {
        return KeyLayout.entityKeyAfter(keyPrefix, entity);
    }

    /**
     * The oldest live index of a hop at {@code nowMillis} ({@link GroupRegistry#firstLiveIndex}).
     *
     * @throws dev.lockstep.store.OnlineStoreException for a hop the group does not register, naming both
     */
    public long firstLiveIndex(long hopMillis, long nowMillis) {
        return GroupRegistry.firstLiveIndex(retentionMillis(hopMillis), hopMillis, nowMillis);
    }

    /** Whether a tile is past its hop's retention at {@code nowMillis} ({@link GroupRegistry#isExpired}). */
    public boolean isExpired(TileKey tile, long nowMillis) {
        return tile.index() < firstLiveIndex(tile.hopMillis(), nowMillis);
    }

    /**
     * The retention of a hop in milliseconds.
     *
     * @throws dev.lockstep.store.OnlineStoreException for a hop the group does not register, naming both
     */
    public long retentionMillis(long hopMillis) {
        for (int i = 0; i < hops.length; i++) {
            if (hops[i] == hopMillis) {
                return retentionMillis[i];
            }
        }
        return layout.retentionOf(hopMillis).toMillis(); // throws: not registered
    }
}
