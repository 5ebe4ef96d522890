package dev.lockstep.streaming;

import dev.lockstep.features.tile.TileKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tile update as it travels on the compacted tile topic and sits in the state store: the tile's
 * identity as key ({@code group/entity/hopMillis/index}, UTF-8, with {@code %} and {@code /} in the entity
 * percent-encoded) and as value an 8-byte big-endian version followed by the tile's absolute IR bytes.
 *
 * @param group   feature group
 * @param entity  entity key
 * @param tile    the tile
 * @param version per-tile update counter: 1 for the first event folded, then +1 per event
 * @param irBytes the absolute IR bytes in the engine's codec
 */
public record TileRecord(String group, String entity, TileKey tile, long version, byte[] irBytes) {

    public TileRecord {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(tile, "tile");
        Objects.requireNonNull(irBytes, "irBytes");
    }

    /** The record key: the tile's identity. */
    public byte[] keyBytes() {
        return key(group, entity, tile);
    }

    /** The record value: version then IR bytes. */
    public byte[] valueBytes() {
        return ByteBuffer.allocate(Long.BYTES + irBytes.length).putLong(version).put(irBytes).array();
    }

    /** Encodes a tile identity as a record key. */
    public static byte[] key(String group, String entity, TileKey tile) {
        String escaped = entity.replace("%", "%25").replace("/", "%2F");
        return (group + "/" + escaped + "/" + tile.hopMillis() + "/" + tile.index()).getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes a key and value written by {@link #keyBytes()} and {@link #valueBytes()}. */
    public static TileRecord decode(byte[] key, byte[] value) {
        String[] parts = new String(key, StandardCharsets.UTF_8).split("/", -1);
        if (parts.length != 4 || value == null || value.length < Long.BYTES) {
            throw new IllegalArgumentException("not a tile record: key '" + new String(key, StandardCharsets.UTF_8)
                    + "', value of " + (value == null ? "null" : value.length + " bytes"));
        }
        String entity = parts[1].replace("%2F", "/").replace("%25", "%");
        TileKey tile = new TileKey(Long.parseLong(parts[2]), Long.parseLong(parts[3]));
        ByteBuffer buffer = ByteBuffer.wrap(value);
        long version = buffer.getLong();
        return new TileRecord(parts[0], entity, tile, version, Arrays.copyOfRange(value, Long.BYTES, value.length));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TileRecord that && group.equals(that.group) && entity.equals(that.entity)
                && tile.equals(that.tile) && version == that.version && Arrays.equals(irBytes, that.irBytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, entity, tile, version, Arrays.hashCode(irBytes));
    }

    @Override
    public String toString() {
        return "TileRecord[" + group + "/" + entity + "/" + tile + " v" + version + ", " + irBytes.length + " bytes]";
    }
}
