package dev.lockstep.store.internal;

import dev.lockstep.store.GroupLayout;
import dev.lockstep.store.TileWrite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the arguments of tile-guard.lua (its header documents them) for one (group, entity) key. */
public final class TileGuardCall {

    /** Passed as the TTL to leave the key's expiry alone (cleanup only). */
    public static final long KEEP_TTL = -1;

    private TileGuardCall() {
    }

    public static ScriptRunner.Invocation of(GroupLayout layout, String entityKey, List<TileWrite> tiles,
            long nowMillis, long ttlMillis) {
        String key = KeyLayout.entityKey(layout.group(), entityKey);
        Map<Long, java.time.Duration> retention = layout.retentionByHopMillis();
        List<byte[]> args = new ArrayList<>(3 + 2 * retention.size() + 4 * tiles.size());
        args.add(ascii(nowMillis));
        args.add(ascii(ttlMillis));
        args.add(ascii(retention.size()));
        retention.forEach((hop, keep) -> {
            args.add(ascii(hop));
            args.add(ascii(keep.toMillis()));
        });
        for (TileWrite write : tiles) {
            args.add(ascii(write.tile().hopMillis()));
            args.add(ascii(write.tile().index()));
            args.add(ascii(write.version()));
            args.add(write.irBytes());
        }
        String context = key + " (group " + layout.group() + ", entity " + entityKey + ", "
                + tiles.size() + " tiles)";
        return new ScriptRunner.Invocation(key.getBytes(StandardCharsets.UTF_8), args.toArray(new byte[0][]),
                context);
    }

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
