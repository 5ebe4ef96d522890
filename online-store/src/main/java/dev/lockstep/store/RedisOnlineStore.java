package dev.lockstep.store;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.internal.GroupRegistry;
import dev.lockstep.store.internal.HeartbeatCodec;
import dev.lockstep.store.internal.KeyLayout;
import dev.lockstep.store.internal.LuaScript;
import dev.lockstep.store.internal.Pipeline;
import dev.lockstep.store.internal.RedisConnector;
import dev.lockstep.store.internal.RegisteredGroup;
import dev.lockstep.store.internal.RespArguments;
import dev.lockstep.store.internal.ScriptRunner;
import dev.lockstep.store.internal.StoreMetrics;
import dev.lockstep.store.internal.TileGuardCall;
import dev.lockstep.store.internal.TileHashDecoder;
import dev.lockstep.store.internal.TileHashOutput;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The online store on Redis (Lettuce, one multiplexed connection, raw byte values). Layout and guard
 * semantics are in the module README.
 *
 * <p>Failure model: while Redis is down every call fails within the command timeout with
 * {@link RedisUnavailableException} (commands are rejected while disconnected rather than queued), and
 * the client reconnects in the background, so the same instance works again once Redis is back. Commands
 * in flight when a connection drops may be re-sent after reconnecting; every write here is guarded by a
 * version or a watermark, so a repeat changes nothing.
 */
public final class RedisOnlineStore implements OnlineStore {

    private static final int SCAN_PAGE = 1_000;
    private static final Duration MIN_CONNECT_RETRY = Duration.ofSeconds(1);
    private static final byte[] PARTITION_COUNT_FIELD = bytes(KeyLayout.PARTITION_COUNT_FIELD);

    private final RedisConnector connector;
    private final Pipeline pipeline;
    private final ScriptRunner scripts;
    private final GroupRegistry groups;
    private final Clock clock;
    private final StoreMetrics metrics;
    private final int replicaAcks;
    private final long replicaAckTimeoutMillis;

    private RedisOnlineStore(RedisConnector connector, GroupRegistry groups, Clock clock, StoreMetrics metrics,
                             RedisStoreConfig config) {
        this.connector = connector;
        this.replicaAcks = config.replicaAcks();
        this.replicaAckTimeoutMillis = config.replicaAckTimeout().toMillis();
        this.pipeline = connector.pipeline();
        this.scripts = new ScriptRunner(pipeline);
        this.groups = groups;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Connects to Redis. Fails with {@link RedisUnavailableException} if Redis cannot be reached now.
     *
     * @param meters where to register latency timers and tile counters; null for none
     */
    public static RedisOnlineStore connect(RedisStoreConfig config, List<GroupLayout> layouts, Clock clock,
            MeterRegistry meters) {
        GroupRegistry groups = new GroupRegistry(layouts);
        return new RedisOnlineStore(RedisConnector.connect(config), groups, clock, new StoreMetrics(meters, "redis"),
                config);
    }

    /**
     * For long-running services: connects now if Redis answers; if it does not, returns a store that fails
     * every call at once with {@link RedisUnavailableException} (as a connected store does while Redis is
     * down) and connects in the background, so the service can start during an outage (and report itself
     * not ready) and recover without a restart. A URI that cannot be parsed still fails here. Tries every
     * {@link RedisStoreConfig#maxReconnectDelay()}, but at most once a second (each try builds a client,
     * which is not free).
     */
    public static OnlineStore connectWhenReachable(RedisStoreConfig config, List<GroupLayout> layouts, Clock clock,
            MeterRegistry meters) {
        Duration retry = config.maxReconnectDelay();
        return connectWhenReachable(config, layouts, clock, meters,
                retry.compareTo(MIN_CONNECT_RETRY) > 0 ? retry : MIN_CONNECT_RETRY);
    }

    static OnlineStore connectWhenReachable(RedisStoreConfig config, List<GroupLayout> layouts, Clock clock,
            MeterRegistry meters, Duration retry) {
        try {
            return connect(config, layouts, clock, meters);
        } catch (RedisUnavailableException e) {
            return new DeferredOnlineStore(() -> connect(config, layouts, clock, meters),
                    RedisStoreConfig.redacted(config.uri()), retry, e);
        }
    }

    /** Connects with default timeouts and no metrics. */
    public static RedisOnlineStore connect(String uri, List<GroupLayout> layouts, Clock clock) {
        return connect(RedisStoreConfig.of(uri), layouts, clock, null);
    }

    /**
     * With replica acknowledgements on, waits until that many replicas have every write of this store's
     * connections so far (Redis {@code WAIT}, on a cluster once per primary); a round that stays short fails
     * as unavailable. Its writes are on the primaries already, so a retry finds them not newer and only
     * waits again.
     */
    private void awaitReplicas(int scriptCalls) {
        if (replicaAcks == 0) {
            return;
        }
        String wait = "WAIT " + replicaAcks + " " + replicaAckTimeoutMillis;
        List<Pipeline.Call<Long>> waits = connector.replicaWaits(replicaAcks, replicaAckTimeoutMillis);
        List<Long> acknowledged = pipeline.execute("writeTiles", waits.stream().map(node -> new Pipeline.Call<>(
                wait + " on " + node.context() + " (after " + scriptCalls + " tile script calls)", node.command()))
                .toList());
        for (int i = 0; i < waits.size(); i++) {
            if (acknowledged.get(i) < replicaAcks) {
                throw new RedisUnavailableException("writeTiles: " + acknowledged.get(i) + " of " + replicaAcks
                        + " replica(s) of " + waits.get(i).context() + " acknowledged the tile writes within "
                        + replicaAckTimeoutMillis + " ms (" + wait + "); they are on the primary, and a retry "
                        + "writes nothing twice", null);
            }
        }
    }

    @Override
    public WriteReport writeTiles(List<TileWrite> writes) {
        groups.validate(writes);
        if (writes.isEmpty()) {
            return WriteReport.EMPTY;
        }
        return metrics.timeWrite(() -> {
            long now = clock.millis();
            // By (group, entity): the key string is built once per entity, in TileGuardCall.
            Map<EntityOfGroup, List<TileWrite>> byEntity = new LinkedHashMap<>();
            for (TileWrite write : writes) {
                byEntity.computeIfAbsent(new EntityOfGroup(write.group(), write.entityKey()), k -> new ArrayList<>())
                        .add(write);
            }
            // Tiles past their retention are skipped here, not sent: the script's cleanup would delete them.
            List<ScriptRunner.Invocation> calls = new ArrayList<>(byEntity.size());
            int expired = 0;
            for (Map.Entry<EntityOfGroup, List<TileWrite>> entity : byEntity.entrySet()) {
                RegisteredGroup group = groups.registered(entity.getKey().group());
                List<TileWrite> tiles = entity.getValue();
                List<TileWrite> live = new ArrayList<>(tiles.size());
                for (TileWrite write : tiles) {
                    if (group.isExpired(write.tile(), now)) {
                        expired++;
                    } else {
                        live.add(write);
                    }
                }
                for (int from = 0; from < live.size(); from += TileGuardCall.MAX_TILES) {
                    calls.add(TileGuardCall.of(group, entity.getKey().entity(),
                            live.subList(from, Math.min(live.size(), from + TileGuardCall.MAX_TILES)), now,
                            group.layout().keyTtl().toMillis()));
                }
            }
            List<List<Long>> results = calls.isEmpty() ? List.of()
                    : scripts.run("writeTiles", LuaScript.TILE_GUARD, ScriptOutputType.MULTI, calls);
            awaitReplicas(calls.size());
            WriteReport report = new WriteReport(0, 0, expired);
            long removed = 0;
            for (List<Long> counts : results) {
                report = report.plus(new WriteReport(counts.get(0).intValue(), counts.get(1).intValue(), 0));
                removed += counts.get(2);
            }
            metrics.recordWrite(report, removed);
            return report;
        });
    }

    @Override
    public Map<String, EntityTiles> readTiles(String group, List<String> entityKeys) {
        return readHashes("readTiles", group, entityKeys, TileHashDecoder::withVersions, TileHashDecoder::result);
    }

    @Override
    public Map<String, NavigableMap<TileKey, byte[]>> readTileValues(String group, List<String> entityKeys) {
        return readHashes("readTileValues", group, entityKeys, TileHashDecoder::valuesOnly, TileHashDecoder::values);
    }

    /** One pipelined HGETALL per entity hash, each decoded by a fresh decoder as its reply arrives. */
    private <T> Map<String, T> readHashes(String operation, String group, List<String> entityKeys,
            Function<String, TileHashDecoder> decoderOfKey, Function<TileHashDecoder, T> result) {
        RegisteredGroup registered = groups.registered(group);
        return metrics.timeRead(() -> {
            List<String> keys = entityKeys.stream().map(registered::entityKey).toList();
            List<Pipeline.Call<TileHashDecoder>> calls = new ArrayList<>(keys.size());
            for (String key : keys) {
                calls.add(new Pipeline.Call<>(key + " (group " + group + ")", c -> c.dispatch(CommandType.HGETALL,
                        new TileHashOutput(decoderOfKey.apply(key)),
                        new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(bytes(key)))));
            }
            List<TileHashDecoder> hashes = pipeline.execute(operation, calls);
            Map<String, T> decoded = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                decoded.put(entityKeys.get(i), result.apply(hashes.get(i)));
            }
            return decoded;
        });
    }

    @Override
    public boolean publishStreamingWatermark(String group, String sourceTopic, int partition, long watermarkMillis,
            long publishedAtMillis) {
        String key = KeyLayout.streamingHeartbeatKey(group, sourceTopic);
        return publishHeartbeat("publishStreamingWatermark", key, Integer.toString(partition),
                "group " + group + " topic " + sourceTopic + " partition " + partition, watermarkMillis,
                publishedAtMillis);
    }

    @Override
    public boolean publishPartitionCount(String group, String sourceTopic, int partitionCount,
            long publishedAtMillis) {
        HeartbeatCodec.requirePositiveCount("publishPartitionCount", group, sourceTopic, partitionCount,
                publishedAtMillis);
        return publishHeartbeat("publishPartitionCount", KeyLayout.partitionCountKey(group, sourceTopic),
                KeyLayout.PARTITION_COUNT_FIELD, "group " + group + " topic " + sourceTopic, partitionCount,
                publishedAtMillis);
    }

    @Override
    public StreamingProgress streamingProgress(String group, String sourceTopic) {
        String beatsKey = KeyLayout.streamingHeartbeatKey(group, sourceTopic);
        String countKey = KeyLayout.partitionCountKey(group, sourceTopic);
        String what = " (group " + group + " topic " + sourceTopic + ")";
        List<Map<byte[], byte[]>> hashes = pipeline.execute("streamingProgress", List.of(
                new Pipeline.Call<>(beatsKey + what, c -> c.hgetall(bytes(beatsKey))),
                new Pipeline.Call<>(countKey + what, c -> c.hgetall(bytes(countKey)))));
        Map<Integer, Heartbeat> beats = new TreeMap<>();
        hashes.get(0).forEach((field, value) -> beats.put(HeartbeatCodec.parsePartition(beatsKey, field),
                HeartbeatCodec.decode(beatsKey, value)));
        // HGETALL rather than HGET so both calls share one result type and ride one pipelined round.
        byte[] count = null;
        for (Map.Entry<byte[], byte[]> field : hashes.get(1).entrySet()) {
            if (Arrays.equals(field.getKey(), PARTITION_COUNT_FIELD)) {
                count = field.getValue();
            }
        }
        return new StreamingProgress(beats, count == null ? OptionalInt.empty()
                : OptionalInt.of(HeartbeatCodec.decodePartitionCount(countKey, count)));
    }

    @Override
    public boolean publishBatchWatermark(String group, long completedUpToMillis, long publishedAtMillis) {
        String key = KeyLayout.batchHeartbeatKey(group);
        return publishHeartbeat("publishBatchWatermark", key, KeyLayout.BATCH_HEARTBEAT_FIELD, "group " + group,
                completedUpToMillis, publishedAtMillis);
    }

    @Override
    public Optional<Heartbeat> batchWatermark(String group) {
        String key = KeyLayout.batchHeartbeatKey(group);
        byte[] value = pipeline.executeOne("batchWatermark", new Pipeline.Call<>(key + " (group " + group + ")",
                c -> c.hget(bytes(key), bytes(KeyLayout.BATCH_HEARTBEAT_FIELD))));
        return Optional.ofNullable(value).map(v -> HeartbeatCodec.decode(key, v));
    }

    private boolean publishHeartbeat(String operation, String key, String field, String what, long watermark,
            long publishedAt) {
        HeartbeatCodec.requireNonNegative(operation, what, watermark, publishedAt);
        RespArguments args = RespArguments.of(bytes(field)).add(watermark).add(publishedAt);
        List<Long> stored = scripts.run(operation, LuaScript.HEARTBEAT_GUARD, ScriptOutputType.INTEGER,
                List.of(new ScriptRunner.Invocation(bytes(key), args, key + " (" + what + ")")));
        return stored.get(0) == 1L;
    }

    @Override
    public long removeExpiredTiles(String group, String entityKey, long nowMillis) {
        ScriptRunner.Invocation call = TileGuardCall.of(groups.registered(group), entityKey, List.of(), nowMillis,
                TileGuardCall.KEEP_TTL);
        List<List<Long>> result = scripts.run("removeExpiredTiles", LuaScript.TILE_GUARD, ScriptOutputType.MULTI,
                List.of(call));
        long removed = result.get(0).get(2);
        metrics.recordRemoved(removed);
        return removed;
    }

    @Override
    public long deleteAll() {
        ScanArgs match = ScanArgs.Builder.matches(KeyLayout.MATCH_ALL).limit(SCAN_PAGE);
        long deleted = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ScanCursor from = cursor;
            KeyScanCursor<byte[]> page = pipeline.executeOne("deleteAll",
                    new Pipeline.Call<>("SCAN MATCH " + KeyLayout.MATCH_ALL, c -> c.scan(from, match)));
            if (!page.getKeys().isEmpty()) {
                byte[][] keys = page.getKeys().toArray(new byte[0][]);
                deleted += pipeline.executeOne("deleteAll", new Pipeline.Call<>(
                        keys.length + " keys matching " + KeyLayout.MATCH_ALL, c -> c.unlink(keys)));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return deleted;
    }

    @Override
    public void checkReachable() {
        connector.requireEverySlotServed();
        pipeline.execute("checkReachable", connector.pings());
    }

    @Override
    public void close() {
        connector.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private record EntityOfGroup(String group, String entity) {
    }
}
