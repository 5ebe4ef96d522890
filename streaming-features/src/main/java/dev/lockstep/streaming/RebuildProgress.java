package dev.lockstep.streaming;

import dev.lockstep.store.WriteReport;

/**
 * Where a {@link TileTopicRebuild} stands, reported after every batch written to the store.
 *
 * @param recordsRead  tile records read so far
 * @param recordsTotal tile records between the beginning and the end offsets seen at start (an upper
 *                     bound: compaction and transaction markers make the real count smaller)
 * @param report       what the store did with the records written so far
 */
public record RebuildProgress(long recordsRead, long recordsTotal, WriteReport report) {
}
