package dev.lockstep.store.internal;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.GroupLayout;
import dev.lockstep.store.TileWrite;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Builds the arguments of tile-guard.lua (its header documents them) for one (group, entity) key. */
public final class TileGuardCall {

    /** Passed as the TTL to leave the key's expiry alone (cleanup only). */
    public static final long KEEP_TTL = -1;
    /**
     * The most tiles one call writes: the script unpacks 4 arguments per tile into one HSET, and Lua's
     * unpack is limited by its C stack (8,000 values); a key with more tiles gets several calls.
     */
    public static final int MAX_TILES = 1_000;

    private TileGuardCall() {
    }

    /** A call writing {@code tiles} (none expired; at most {@link #MAX_TILES}), or cleanup only when empty. */
    public static ScriptRunner.Invocation of(RegisteredGroup group, String entityKey, List<TileWrite> tiles,
            long nowMillis, long ttlMillis) {
        GroupLayout layout = group.layout();
        if (tiles.size() > MAX_TILES) {
            throw new IllegalArgumentException("Invalid value " + tiles.size() + " for tiles of one call to "
                    + layout.group() + "/" + entityKey + ": at most " + MAX_TILES);
        }
        String key = group.entityKey(entityKey);
        int capacity = 64 + 48 * group.hopCount();
        for (TileWrite write : tiles) {
            capacity += write.irBytes().length + 80;
        }
        RespArguments args = new RespArguments(capacity);
        args.add(ttlMillis);
        args.add(group.hopCount());
        args.add(distinct(tiles) ? 1 : 0);
        for (int h = 0; h < group.hopCount(); h++) {
            long hop = group.hop(h);
            args.addAscii(KeyLayout.boundField(hop));
            args.add(group.firstLiveIndex(hop, nowMillis));
        }
        for (TileWrite write : tiles) {
            args.addAscii(KeyLayout.tileField(write.tile()));
            args.add(write.irBytes());
            args.addAscii(KeyLayout.versionField(write.tile()));
            args.add(write.version());
        }
        String context = key + " (group " + layout.group() + ", entity " + entityKey + ", "
                + tiles.size() + " tiles)";
        return new ScriptRunner.Invocation(key.getBytes(StandardCharsets.UTF_8), args, context);
    }

    /** Whether no tile appears twice: the script may then write a new key without comparing versions. */
    private static boolean distinct(List<TileWrite> tiles) {
        Set<TileKey> seen = new HashSet<>(tiles.size() * 2);
        for (TileWrite write : tiles) {
            if (!seen.add(write.tile())) {
                return false;
            }
        }
        return true;
    }
}
