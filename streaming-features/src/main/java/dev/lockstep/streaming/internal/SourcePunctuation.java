package dev.lockstep.streaming.internal;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.OnlineStoreException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic work of a source task: by arrival time (stream time, which for a LogAppendTime topic is
 * the partition's arrival watermark), drop closed tiles and forgettable dedup keys, a margin behind it
 * ({@link PurgeHorizon}); by wall-clock time,
 * publish the partition's watermark heartbeat for each streamed group of the source, also when idle, and
 * persist it in the progress store. The
 * watermark is the later of the last processed arrival (less one millisecond) and the time up to which
 * the partition is known to be caught up ({@link CaughtUpPartitions}): a partition with nothing new to
 * process is as fresh as that check says, not as old as its last record.
 */
public final class SourcePunctuation {

    private static final Logger LOG = LoggerFactory.getLogger(SourcePunctuation.class);

    private final Duration purgeInterval;
    private final Duration heartbeatInterval;
    private final OnlineStore store;
    private final Clock clock;
    private final CaughtUpPartitions caughtUp;

    public SourcePunctuation(Duration purgeInterval, Duration heartbeatInterval, OnlineStore store, Clock clock,
                             CaughtUpPartitions caughtUp) {
        this.purgeInterval = purgeInterval;
        this.heartbeatInterval = heartbeatInterval;
        this.store = store;
        this.clock = clock;
        this.caughtUp = caughtUp;
    }

    private static final Bytes WATERMARK_KEY = Bytes.wrap(new byte[] {'w'});

    /** Seeds the buffer with the watermark a previous run of this task persisted, if any. */
    void restoreWatermark(KeyValueStore<Bytes, byte[]> progress, OnlineStoreBuffer buffer) {
        byte[] stored = progress.get(WATERMARK_KEY);
        if (stored != null) {
            buffer.restoreWatermark(decodeLong(stored));
        }
    }

    void schedule(ProcessorContext<?, ?> context, SourcePlan plan, Runnable flushTiles, OpenTiles openTiles,
                  DedupStore dedup, PurgeHorizon horizon, OnlineStoreBuffer buffer,
                  KeyValueStore<Bytes, byte[]> progress) {
        String topic = plan.source().topic();
        int partition = context.taskId().partition();
        List<String> streamedGroups = plan.streamedGroups().stream().map(GroupPlan::name).toList();
        context.schedule(purgeInterval, PunctuationType.STREAM_TIME, streamTime -> {
            // A tile that closes now may still hold its last events only in memory: write it first.
            flushTiles.run();
            long watermark = horizon.purgeAt(streamTime);
            int tiles = openTiles.dropClosed(watermark);
            int keys = dedup.forget(watermark);
            LOG.debug("{}/{}: dropped {} closed tiles and {} dedup keys at arrival watermark {} (stream time {})",
                    topic, partition, tiles, keys, watermark, streamTime);
        });
        context.schedule(heartbeatInterval, PunctuationType.WALL_CLOCK_TIME, now -> {
            long watermark = Math.max(buffer.flushedWatermark(), caughtUp.caughtUpAt(topic, partition));
            if (watermark == Long.MIN_VALUE) {
                return; // nothing processed by this task, ever, and not known caught up: no watermark to claim
            }
            byte[] persisted = progress.get(WATERMARK_KEY);
            if (persisted == null || decodeLong(persisted) != watermark) {
                // Committed with this transaction, so a restarted task resumes heartbeats even when idle.
                progress.put(WATERMARK_KEY, encodeLong(watermark));
            }
            try {
                for (String group : streamedGroups) {
                    store.publishStreamingWatermark(group, topic, partition, watermark, clock.millis());
                }
            } catch (OnlineStoreException e) {
                // A missed heartbeat only makes features look older; the next one retries. Tile writes,
                // which matter for correctness, fail the commit instead.
                LOG.warn("could not publish watermark {} of {}/{} for groups {}; next try in {}: {}",
                        watermark, topic, partition, streamedGroups, heartbeatInterval, e.getMessage());
            }
        });
    }

    static byte[] encodeLong(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    static long decodeLong(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }
}
