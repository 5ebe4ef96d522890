package dev.lockstep.store.internal;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.OnlineStoreException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Turns the HGETALL of an entity hash back into tiles and versions. */
public final class TileHashDecoder {

    private TileHashDecoder() {
    }

    public static EntityTiles decode(String key, Map<byte[], byte[]> hash) {
        if (hash == null || hash.isEmpty()) {
            return EntityTiles.empty();
        }
        TreeMap<TileKey, byte[]> tiles = new TreeMap<>();
        TreeMap<TileKey, Long> versions = new TreeMap<>();
        hash.forEach((field, value) -> {
            if (KeyLayout.hasPrefix(field, KeyLayout.TILE_FIELD_PREFIX)) {
                tiles.put(KeyLayout.parseTile(field, key), value);
            } else if (KeyLayout.hasPrefix(field, KeyLayout.VERSION_FIELD_PREFIX)) {
                versions.put(KeyLayout.parseTile(field, key), parseVersion(key, field, value));
            }
            // Other fields are metadata of a later layout revision; readers of this one ignore them.
        });
        if (!tiles.keySet().equals(versions.keySet())) {
            throw new OnlineStoreException("corrupt entity hash " + key + ": tile fields " + tiles.keySet()
                    + " do not match version fields " + versions.keySet());
        }
        return new EntityTiles(tiles, versions);
    }

    private static long parseVersion(String key, byte[] field, byte[] value) {
        try {
            return Decimal.parse(value, 0, value.length);
        } catch (NumberFormatException e) {
            throw new OnlineStoreException("corrupt version '" + new String(value, StandardCharsets.US_ASCII)
                    + "' in field " + new String(field, StandardCharsets.UTF_8) + " of " + key, e);
        }
    }
}
