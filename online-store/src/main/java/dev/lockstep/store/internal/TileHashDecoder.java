package dev.lockstep.store.internal;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.OnlineStoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Turns the fields of an entity hash, one (name, value) pair at a time, back into tiles and versions.
 * {@link TileHashOutput} feeds it straight from the reply's buffers on Lettuce's event loop, so a bad
 * field is not thrown there (that would break the connection's decoding) but kept, and the result
 * methods throw it on the reading thread.
 *
 * <p>The event loop decodes every reply of the connection, one after another, so it does only what must
 * happen while the buffers are valid: parse each field's name and copy its value into arrays. The sorted
 * maps are built by the reading thread ({@link #result}, {@link #values}), in parallel with other reads.
 * A read for values ({@link #valuesOnly}) skips the version fields, half of the hash.
 *
 * <p>Not thread-safe: one instance per hash read, handed from the event loop to the reader by the
 * command's completion.
 */
public final class TileHashDecoder {

    /** Versions are decimal longs: at most 20 characters. */
    private static final int VERSION_BYTES = 20;

    private final String key;
    private final boolean withVersions;
    private TileKey[] tileKeys = new TileKey[16];
    private byte[][] irs = new byte[16][];
    private int tileCount;
    private TileKey[] versionKeys;
    private long[] versions;
    private int versionCount;
    private final byte[] version = new byte[VERSION_BYTES];
    private OnlineStoreException problem;

    private TileHashDecoder(String key, boolean withVersions) {
        this.key = key;
        this.withVersions = withVersions;
        if (withVersions) {
            versionKeys = new TileKey[16];
            versions = new long[16];
        }
    }

    /** Decodes tiles and their versions: {@link #result}. */
    public static TileHashDecoder withVersions(String key) {
        return new TileHashDecoder(key, true);
    }

    /** Decodes the tiles alone, ignoring the version fields: {@link #values}. */
    public static TileHashDecoder valuesOnly(String key) {
        return new TileHashDecoder(key, false);
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
                addTile(KeyLayout.parseTile(name, length, key), ir);
            } else if (withVersions && KeyLayout.hasPrefix(name, length, KeyLayout.VERSION_FIELD_PREFIX)) {
                addVersion(KeyLayout.parseTile(name, length, key), parseVersion(name, length, value));
            }
        } catch (OnlineStoreException e) {
            problem = e;
        }
    }

    /**
     * The entity's tiles with their versions.
     *
     * @throws OnlineStoreException naming the key (and field) for a malformed field, a corrupt version, or
     *                              tiles and versions that do not pair up
     * @throws IllegalStateException for a {@link #valuesOnly} decoder
     */
    public EntityTiles result() {
        if (!withVersions) {
            throw new IllegalStateException("a values-only read of " + key + " has no versions");
        }
        throwProblem();
        if (tileCount == 0 && versionCount == 0) {
            return EntityTiles.empty();
        }
        TreeMap<TileKey, byte[]> tiles = tileMap();
        TreeMap<TileKey, Long> versionMap = new TreeMap<>();
        for (int i = 0; i < versionCount; i++) {
            versionMap.put(versionKeys[i], versions[i]);
        }
        if (!tiles.keySet().equals(versionMap.keySet())) {
            throw new OnlineStoreException("corrupt entity hash " + key + ": tile fields " + tiles.keySet()
                    + " do not match version fields " + versionMap.keySet());
        }
        return EntityTiles.adopt(tiles, versionMap);
    }

    /**
     * The entity's tiles (IR bytes by tile, sorted by (hop, index); unmodifiable; empty when nothing is stored).
     *
     * @throws OnlineStoreException naming the key and field for a malformed field
     */
    public NavigableMap<TileKey, byte[]> values() {
        throwProblem();
        return tileCount == 0 ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(tileMap());
    }

    private void throwProblem() {
        if (problem != null) {
            throw new OnlineStoreException(problem.getMessage(), problem);
        }
    }

    private TreeMap<TileKey, byte[]> tileMap() {
        TreeMap<TileKey, byte[]> tiles = new TreeMap<>();
        for (int i = 0; i < tileCount; i++) {
            tiles.put(tileKeys[i], irs[i]);
        }
        return tiles;
    }

    private void addTile(TileKey tile, byte[] ir) {
        if (tileCount == tileKeys.length) {
            tileKeys = Arrays.copyOf(tileKeys, tileCount * 2);
            irs = Arrays.copyOf(irs, tileCount * 2);
        }
        tileKeys[tileCount] = tile;
        irs[tileCount++] = ir;
    }

    private void addVersion(TileKey tile, long stored) {
        if (versionCount == versionKeys.length) {
            versionKeys = Arrays.copyOf(versionKeys, versionCount * 2);
            versions = Arrays.copyOf(versions, versionCount * 2);
        }
        versionKeys[versionCount] = tile;
        versions[versionCount++] = stored;
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
