package dev.lockstep.serving.internal;

import dev.lockstep.serving.StalenessAlert;
import dev.lockstep.serving.StalenessAlertSink;
import dev.lockstep.store.Heartbeat;
import dev.lockstep.store.OnlineStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives each group's age from the pipeline's progress heartbeats, never from an entity's last event
 * (design brief section 5). A streamed group is as old as its slowest source partition: the minimum
 * streaming watermark over the partitions of its source topic. A batch-only group is as old as its last
 * completed batch run. Also publishes the per-group gauges and logs a line when a group turns stale or
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
    private final Map<String, Read<Map<Integer, Heartbeat>>> streamingReads = new ConcurrentHashMap<>();
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

    /** The status of every group at {@code nowMillis}, in the order given; reads each heartbeat hash once. */
    public Map<String, GroupStatus> statusOf(List<ServedGroup> groups, long nowMillis) {
        Map<String, Map<Integer, Heartbeat>> byTopic = new HashMap<>();
        Map<String, GroupStatus> statuses = new LinkedHashMap<>();
        for (ServedGroup group : groups) {
            Optional<Long> watermark = group.plan().spec().isStreamed()
                    ? minWatermark(byTopic.computeIfAbsent(group.source().topic(),
                            topic -> reused(streamingReads, topic, nowMillis, () -> store.streamingWatermarks(topic))))
                    : reused(batchReads, group.name(), nowMillis, () -> store.batchWatermark(group.name()))
                            .map(Heartbeat::watermarkMillis);
            GroupStatus status = watermark
                    .map(w -> GroupStatus.of(group.name(), nowMillis - w, group.freshnessMillis()))
                    .orElseGet(() -> GroupStatus.noHeartbeat(group.name()));
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

    private static Optional<Long> minWatermark(Map<Integer, Heartbeat> partitions) {
        return partitions.values().stream().map(Heartbeat::watermarkMillis).min(Long::compare);
    }

    private void observe(ServedGroup group, GroupStatus status) {
        metrics.recordFreshness(status);
        Boolean before = lastStale.put(group.name(), status.stale());
        if (before == null || before != status.stale()) {
            if (status.stale()) {
                LOG.warn("feature group {} is stale: {} (freshness {} ms)", group.name(),
                        status.ageMillis() == null ? "no heartbeat has been published"
                                : "its watermark is " + status.ageMillis() + " ms old", group.freshnessMillis());
            } else if (before != null) {
                LOG.info("feature group {} is fresh again: age {} ms", group.name(), status.ageMillis());
            }
        }
    }
}
