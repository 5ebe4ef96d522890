package dev.lockstep.store;

/**
 * What {@link OnlineStore#writeTiles} did with each tile.
 *
 * @param written           tiles stored (their version was newer than the stored one)
 * @param skippedAsNotNewer tiles not stored because an equal or newer version was there (replay, zombie)
 * @param skippedAsExpired  tiles not stored because they were already past their hop's retention
 */
public record WriteReport(int written, int skippedAsNotNewer, int skippedAsExpired) {

    public static final WriteReport EMPTY = new WriteReport(0, 0, 0);

    /** The sum of two reports, for combining per-key results. */
    public WriteReport plus(WriteReport other) {
        return new WriteReport(written + other.written, skippedAsNotNewer + other.skippedAsNotNewer,
                skippedAsExpired + other.skippedAsExpired);
    }
}
