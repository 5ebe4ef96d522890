package dev.lockstep.features.tile;

/**
 * One tile of a feature group: the hop length and the tile index. Tile {@code index} covers event times
 * {@code [index * hopMillis, (index + 1) * hopMillis)}. All features of a group that share a hop share
 * its tiles.
 */
public record TileKey(long hopMillis, long index) implements Comparable<TileKey> {

    public TileKey {
        if (hopMillis <= 0) {
            throw new IllegalArgumentException("hop must be positive, got " + hopMillis + " ms");
        }
    }

    /** The tile that holds events with this event time. */
    public static TileKey containing(long hopMillis, long eventTimeMillis) {
        return new TileKey(hopMillis, Math.floorDiv(eventTimeMillis, hopMillis));
    }

    /** First event time in the tile (inclusive). */
    public long startMillis() {
        return index * hopMillis;
    }

    /** First event time after the tile (exclusive end). */
    public long endMillis() {
        return (index + 1) * hopMillis;
    }

    // Hand-written rather than the record's generated ones: tile keys are map keys on every event and
    // every read, and the generated methods go through an invokedynamic bootstrap.
    @Override
    public boolean equals(Object other) {
        return other instanceof TileKey that && hopMillis == that.hopMillis && index == that.index;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index * 31 + hopMillis);
    }

    @Override
    public int compareTo(TileKey other) {
        int byHop = Long.compare(hopMillis, other.hopMillis);
        return byHop != 0 ? byHop : Long.compare(index, other.index);
    }
}
