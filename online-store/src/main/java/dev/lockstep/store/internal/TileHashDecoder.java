package dev.lockstep.store.internal;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.OnlineStoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * Turns the fields of an entity hash, one (name, value) pair at a time, back into tiles and versions.
 * {@link TileHashOutput} feeds it straight from the reply's buffers on Lettuce's event loop, so a bad
 * field is not thrown there (that would break the connection's decoding) but kept, and {@link #result}
 * throws it on the reading thread.
 *
 * <p>Not thread-safe: one instance per hash read.
 */
public final class TileHashDecoder {

    /** Versions are decimal longs: at most 20 characters. */
    private static final int VERSION_BYTES = 20;

    private final String key;
    private final TreeMap<TileKey, byte[]> tiles = new TreeMap<>();
    private final TreeMap<TileKey, Long> versions = new TreeMap<>();
    private final byte[] version = new byte[VERSION_BYTES];
    private OnlineStoreException problem;

    public TileHashDecoder(String key) {
        this.key = key;
    }

    /**
     * One field of the hash: its name in {@code name[0, length)}, its value the remaining bytes of
     * {@code value} (consumed). Fields other than tiles and versions are metadata of a later layout
     * revision; readers of this one ignore them.
     */
    public void accept(byte[] name, int length, ByteBuffer value) {
        if (problem != null) {
            return;
        }
        try {
            if (KeyLayout.hasPrefix(name, length, KeyLayout.TILE_FIELD_PREFIX)) {
                byte[] ir = new byte[value.remaining()];
                value.get(ir);
                tiles.put(KeyLayout.parseTile(name, length, key), ir);
            } else if (KeyLayout.hasPrefix(name, length, KeyLayout.VERSION_FIELD_PREFIX)) {
                versions.put(KeyLayout.parseTile(name, length, key), parseVersion(name, length, value));
            }
        } catch (OnlineStoreException e) {
            problem = e;
        }
    }

    /**
     * The entity's tiles.
     *
     * @throws OnlineStoreException naming the key (and field) for a malformed field, a corrupt version, or
     *                              tiles and versions that do not pair up
     */
    public EntityTiles result() {
        if (problem != null) {
            throw new OnlineStoreException(problem.getMessage(), problem);
        }
        if (tiles.isEmpty() && versions.isEmpty()) {
            return EntityTiles.empty();
        }
        if (!tiles.keySet().equals(versions.keySet())) {
            throw new OnlineStoreException("corrupt entity hash " + key + ": tile fields " + tiles.keySet()
                    + " do not match version fields " + versions.keySet());
        }
        return EntityTiles.adopt(tiles, versions);
    }

    private long parseVersion(byte[] name, int length, ByteBuffer value) {
        int size = value.remaining();
        byte[] digits = size <= version.length ? version : new byte[size];
        value.get(digits, 0, size);
        try {
            return Decimal.parse(digits, 0, size);
        } catch (NumberFormatException e) {
            throw new OnlineStoreException("corrupt version '" + new String(digits, 0, size, StandardCharsets.US_ASCII)
                    + "' in field " + new String(name, 0, length, StandardCharsets.UTF_8) + " of " + key, e);
        }
    }
}
