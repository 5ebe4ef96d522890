package dev.lockstep.store.internal;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.OnlineStoreException;
import java.nio.charset.StandardCharsets;

/**
 * The Redis key and field names, in one place (documented in the module README, "Redis layout").
 *
 * <p>Names put into keys are percent-encoded: every byte of their UTF-8 form outside
 * {@code [A-Za-z0-9._-]} becomes {@code %XX}. That is injective (so {@code a:b} and {@code a%3Ab} cannot
 * collide), keeps ordinary ids like {@code c123} readable, and keeps {@code :{}} out of the hash tag so
 * Redis Cluster hashes exactly the (group, entity) pair.
 */
public final class KeyLayout {

    /** Every key of this layout starts with this; the version lets a new layout live beside the old. */
    public static final String PREFIX = "ls:v1:";
    /** SCAN pattern matching every key of this layout and nothing else. */
    public static final String MATCH_ALL = PREFIX + "*";

    public static final String TILE_FIELD_PREFIX = "t:";
    public static final String VERSION_FIELD_PREFIX = "v:";
    public static final String BOUND_FIELD_PREFIX = "l:";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private KeyLayout() {
    }

    /** {@code ls:v1:{<group>:<entity>}}: the hash of one entity's tiles. */
    public static String entityKey(String group, String entityKey) {
        return entityKeyAfter(entityKeyPrefix(group), entityKey);
    }

    /** The part of {@link #entityKey} before the entity: {@code ls:v1:{<group>:}}. */
    static String entityKeyPrefix(String group) {
        return PREFIX + "{" + escape(group) + ":";
    }

    /** {@link #entityKey} from its group's {@link #entityKeyPrefix}. */
    static String entityKeyAfter(String groupPrefix, String entityKey) {
        return groupPrefix + escape(entityKey) + "}";
    }

    /**
     * {@code ls:v1:hb:stream:{<group>:<topic>}}: hash, field = partition, value =
     * {@code <watermark>:<publishedAt>}. Both names, escaped as in {@link #entityKey}: the group so
     * applications streaming different groups of one topic keep apart, the topic so a group moved to
     * another topic does not keep the old topic's partitions.
     */
    public static String streamingHeartbeatKey(String group, String sourceTopic) {
        return PREFIX + "hb:stream:{" + escape(group) + ":" + escape(sourceTopic) + "}";
    }

    /**
     * {@code ls:v1:hb:partitions:{<group>:<topic>}}: hash, field {@code count}, value =
     * {@code <count>:<publishedAt>}; the same hash tag as the group's heartbeats, so both live on one
     * cluster node. A key of its own, not a field of the heartbeat hash, so readers that know only
     * partition fields keep working.
     */
    public static String partitionCountKey(String group, String sourceTopic) {
        return PREFIX + "hb:partitions:{" + escape(group) + ":" + escape(sourceTopic) + "}";
    }

    /** The single field of a partition count hash. */
    public static final String PARTITION_COUNT_FIELD = "count";

    /** {@code ls:v1:hb:batch:{<group>}}: hash, field {@code run}, value = {@code <watermark>:<publishedAt>}. */
    public static String batchHeartbeatKey(String group) {
        return PREFIX + "hb:batch:{" + escape(group) + "}";
    }

    /** The single field of a batch heartbeat hash. */
    public static final String BATCH_HEARTBEAT_FIELD = "run";

    /** {@code t:<hopMillis>:<index>} -> raw IR bytes. */
    public static String tileField(TileKey tile) {
        return TILE_FIELD_PREFIX + tile.hopMillis() + ":" + tile.index();
    }

    /** {@code v:<hopMillis>:<index>} -> decimal version of the tile. */
    public static String versionField(TileKey tile) {
        return VERSION_FIELD_PREFIX + tile.hopMillis() + ":" + tile.index();
    }

    /**
     * {@code l:<hopMillis>} -> decimal index below which the hash holds no tile of that hop: kept by
     * tile-guard.lua so its cleanup deletes expired tiles by name (see there); readers ignore it.
     */
    public static String boundField(long hopMillis) {
        return BOUND_FIELD_PREFIX + hopMillis;
    }

    /**
     * Parses the {@code <hopMillis>:<index>} part after the prefix of the field name in
     * {@code field[0, length)}; the Lua script writes exactly what {@link #tileField} does, so a malformed
     * field means someone else wrote into our key.
     */
    public static TileKey parseTile(byte[] field, int length, String key) {
        int colon = indexOf(field, (byte) ':', 2, length);
        try {
            return new TileKey(Decimal.parse(field, 2, colon), Decimal.parse(field, colon + 1, length));
        } catch (RuntimeException e) {
            throw new OnlineStoreException("malformed tile field '" + new String(field, 0, length, StandardCharsets.UTF_8)
                    + "' in " + key + ": expected t:<hopMillis>:<index> or v:<hopMillis>:<index>", e);
        }
    }

    /**
     * Whether the field name in {@code field[0, length)} starts with {@code prefix} (ASCII), checked on
     * the bytes as Redis returns them.
     */
    public static boolean hasPrefix(byte[] field, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (field[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Percent-encodes a name for use inside a key (see class comment). */
    public static String escape(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(utf8.length + 8);
        for (byte b : utf8) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}
