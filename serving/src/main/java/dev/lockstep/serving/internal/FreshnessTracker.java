package dev.lockstep.serving.internal;

import dev.lockstep.serving.StalenessAlert;
import dev.lockstep.serving.StalenessAlertSink;
import dev.lockstep.store.Heartbeat;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.StreamingProgress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives each group's age from the pipeline's progress heartbeats, never from an entity's last event
 * (design brief section 5). A streamed group is as old as its slowest source partition: the minimum
 * over the partitions of its source topic of the watermark the streaming app published for that group,
 * unknown (so stale) while a partition of the topic's published partition count has no heartbeat at all.
 * A batch-only group is as old as its last completed batch run. Also publishes the per-group gauges and logs a line when a group turns stale or
 * fresh again; logging transitions only keeps the log quiet while a group stays stale. Each stale
 * observation may raise a {@link StalenessAlert}, at most one per group per alert interval.
 *
 * <p>A heartbeat read is reused for {@code heartbeatReuse} (by the request clock): a heartbeat that stops
 * moving still ages with the clock, so a stalled pipeline turns stale exactly as without reuse; a newer
 * beat (or a heartbeat deleted from Redis) is seen up to that much later. A clock that goes back reads
 * again, and so does every request after a store failure ({@link #forgetHeartbeats}): a Redis that was
 * down may come back without the heartbeats it had.
 */
public final class FreshnessTracker {

    private static final Logger LOG = LoggerFactory.getLogger(FreshnessTracker.class);

    private final OnlineStore store;
    private final ServingMetrics metrics;
    private final StalenessAlertSink alerts;
    private final AlertRateLimiter alertLimiter;
    private final Map<String, Boolean> lastStale = new ConcurrentHashMap<>();
    private final long reuseMillis;
    private final Map<String, Read<StreamingProgress>> streamingReads = new ConcurrentHashMap<>();
    private final Map<String, Read<Optional<Heartbeat>>> batchReads = new ConcurrentHashMap<>();

    /** A heartbeat read and when (request clock) it was made. */
    private record Read<T>(long atMillis, T value) {
    }

    public FreshnessTracker(OnlineStore store, ServingMetrics metrics, StalenessAlertSink alerts,
            Duration alertInterval, Duration heartbeatReuse) {
        this.reuseMillis = heartbeatReuse.toMillis();
        this.store = store;
        this.metrics = metrics;
        this.alerts = alerts;
        this.alertLimiter = new AlertRateLimiter(alertInterval.toMillis());
    }

    /** The status of every group at {@code nowMillis}, in the order given. */
    public Map<String, GroupStatus> statusOf(List<ServedGroup> groups, long nowMillis) {
        Map<String, GroupStatus> statuses = new LinkedHashMap<>();
        for (ServedGroup group : groups) {
            GroupStatus status;
            if (group.plan().spec().isStreamed()) {
                StreamingProgress progress = reused(streamingReads, group.name(), nowMillis,
                        () -> store.streamingProgress(group.name(), group.source().topic()));
                status = streamedStatus(group, progress, nowMillis);
            } else {
                status = reused(batchReads, group.name(), nowMillis, () -> store.batchWatermark(group.name()))
                        .map(beat -> GroupStatus.of(group.name(), nowMillis - beat.watermarkMillis(),
                                group.freshnessMillis()))
                        .orElseGet(() -> GroupStatus.noHeartbeat(group.name()));
            }
            statuses.put(group.name(), status);
            observe(group, status);
            if (status.stale() && alertLimiter.tryAcquire(group.name(), nowMillis)) {
                alerts.send(new StalenessAlert(group.name(), status.ageMillis(), group.freshnessMillis(), nowMillis));
            }
        }
        return statuses;
    }

    /** Drops the reused heartbeat reads, so the next request reads them from the store again. */
    public void forgetHeartbeats() {
        streamingReads.clear();
        batchReads.clear();
    }

    /** The last read of {@code key} if made within the reuse time before {@code nowMillis}, else a new one. */
    private <T> T reused(Map<String, Read<T>> reads, String key, long nowMillis, Supplier<T> read) {
        Read<T> last = reads.get(key);
        if (last != null && nowMillis >= last.atMillis() && nowMillis - last.atMillis() < reuseMillis) {
            return last.value();
        }
        T value = read.get();
        reads.put(key, new Read<>(nowMillis, value));
        return value;
    }

    /**
     * A streamed group is as old as its slowest source partition; a partition of the topic (by the count
     * the streaming app published) without any heartbeat makes its age unknown, since its records may
     * never have been processed.
     */
    private static GroupStatus streamedStatus(ServedGroup group, StreamingProgress progress, long nowMillis) {
        OptionalLong watermark = progress.watermark();
        if (watermark.isPresent()) {
            return GroupStatus.of(group.name(), nowMillis - watermark.getAsLong(), group.freshnessMillis());
        }
        if (progress.heartbeats().isEmpty()) {
            return GroupStatus.noHeartbeat(group.name());
        }
        List<Integer> silent = progress.silentPartitions();
        return GroupStatus.unknownAge(group.name(), "has no heartbeat from partition" + (silent.size() == 1 ? " " : "s ")
                + silent.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " of "
                + progress.partitionCount().getAsInt() + " of topic " + group.source().topic());
    }

    private void observe(ServedGroup group, GroupStatus status) {
        metrics.recordFreshness(status);
        Boolean before = lastStale.put(group.name(), status.stale());
        if (before == null || before != status.stale()) {
            if (status.stale()) {
                LOG.warn("feature group {} is stale: it {} (freshness {} ms)", group.name(), status.staleness(),
                        group.freshnessMillis());
            } else if (before != null) {
                LOG.info("feature group {} is fresh again: age {} ms", group.name(), status.ageMillis());
            }
        }
    }
}
