package dev.lockstep.store;

import dev.lockstep.features.tile.TileKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The online feature store: tiles of absolute aggregation IRs per (feature group, entity), plus the
 * progress heartbeats serving derives feature age from. The one owner of the Redis layout (see the
 * module README); {@link RedisOnlineStore} is the real thing, {@link InMemoryOnlineStore} its twin for
 * fast unit tests. Both honour the same contract, checked by one contract test suite.
 *
 * <p>Every method is thread-safe. Failures are unchecked {@link OnlineStoreException}s whose message
 * names the operation and the keys involved; nothing is swallowed.
 */
public interface OnlineStore extends AutoCloseable {

    /**
     * Writes absolute tile IRs, each only if its version is strictly greater than the stored one (equal
     * is skipped, so replays are idempotent). Tiles already past their hop's retention are not written.
     * All tiles of one (group, entity) are applied atomically; the key's TTL is reset to the group's
     * {@link GroupLayout#keyTtl()} and its expired tile fields are removed in the same step.
     *
     * @throws OnlineStoreException for an unregistered group or hop, or a negative version
     * @throws RedisUnavailableException when the store cannot be reached within the command timeout
     */
    WriteReport writeTiles(List<TileWrite> writes);

    /**
     * Reads all stored tiles of many entities of one group in one round. An entity with nothing
     * stored maps to {@link EntityTiles#empty()}; the result has an entry for every requested key.
     */
    Map<String, EntityTiles> readTiles(String group, List<String> entityKeys);

    /**
     * Reads the stored tiles of many entities of one group in one round, without their versions: what a
     * read of values needs (serving, {@code WindowRead}). An entity with nothing stored maps to an empty
     * map; the result has an entry for every requested key. The Redis store skips the version fields of
     * each hash, half of what {@link #readTiles} decodes per served request.
     */
    default Map<String, NavigableMap<TileKey, byte[]>> readTileValues(String group, List<String> entityKeys) {
        Map<String, NavigableMap<TileKey, byte[]>> values = new LinkedHashMap<>();
        readTiles(group, entityKeys).forEach((entity, tiles) -> values.put(entity, tiles.tiles()));
        return values;
    }

    /**
     * Publishes the streaming watermark (latest arrival processed) of one source partition for one
     * streamed group, also when idle. Kept per group, not per topic: two applications may stream
     * different groups from one topic, and one that stalls must not borrow the other's progress. A
     * heartbeat replaces the stored one only if it is later by (watermark, publishedAt), so a zombie
     * instance cannot move a watermark backwards.
     *
     * @return whether the heartbeat was stored (false: an equal or later one is already there)
     */
    boolean publishStreamingWatermark(String group, String sourceTopic, int partition, long watermarkMillis,
            long publishedAtMillis);

    /**
     * Publishes how many partitions a group's source topic has, so a reader can tell a partition without
     * any heartbeat from one that does not exist. Kafka only ever adds partitions, so the count is stored only
     * if it is larger (or equal and published later): an instance with stale topic metadata cannot shrink
     * it.
     *
     * @return whether the count was stored
     * @throws OnlineStoreException for a count below 1 or a negative publishedAt
     */
    boolean publishPartitionCount(String group, String sourceTopic, int partitionCount, long publishedAtMillis);

    /**
     * The latest streaming heartbeat of a group from every partition of its source topic that has published
     * one, and the topic's partition count if published, in one round.
     */
    StreamingProgress streamingProgress(String group, String sourceTopic);

    /**
     * Publishes the end of the last completed batch run of a group; guarded like
     * {@link #publishStreamingWatermark}.
     *
     * @return whether the heartbeat was stored
     */
    boolean publishBatchWatermark(String group, long completedUpToMillis, long publishedAtMillis);

    /** The latest batch heartbeat of a group, if any run has published one. */
    Optional<Heartbeat> batchWatermark(String group);

    /**
     * Deletes the tile fields of one entity that no read can need any more: those whose tile end is
     * before {@code nowMillis} minus the retention of their hop. Does not touch the key's TTL.
     *
     * @return the number of tiles removed
     */
    long removeExpiredTiles(String group, String entityKey, long nowMillis);

    /**
     * Deletes every key of this layout (and nothing else: never a FLUSHALL), for rebuild commands.
     *
     * @return the number of keys deleted
     */
    long deleteAll();

    /**
     * Checks that the store can serve every key now, for readiness probes: a round trip to every node its
     * keys live on (the one Redis, or each primary of a cluster that serves slots), and on a cluster that
     * every slot has a primary. A cluster that lost a primary fails this at once, while the other primaries
     * still answer for their own keys.
     *
     * @throws RedisUnavailableException naming the first node that did not answer within the command
     *                                   timeout (and how many more), or the slots without a primary
     */
    void checkReachable();

    /** Releases connections; the store is unusable afterwards. */
    @Override
    void close();
}
