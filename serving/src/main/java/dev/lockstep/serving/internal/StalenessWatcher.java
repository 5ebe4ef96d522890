package dev.lockstep.serving.internal;

import dev.lockstep.store.OnlineStoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every served group's staleness on a timer, through the same {@link FreshnessTracker} requests
 * use, so its gauge, log line and rate-limited alert follow the heartbeats even when no request reads the
 * group: a stalled pipeline behind a model nobody is calling right now is still noticed. A failed check
 * (the store unreachable) is logged once per outage and retried at the next tick; the gauges keep their
 * last values meanwhile, and {@code /ready} reports the outage.
 */
public final class StalenessWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StalenessWatcher.class);

    private final FreshnessTracker freshness;
    private final List<ServedGroup> groups;
    private final Clock clock;
    private final ServingMetrics metrics;
    private final ScheduledExecutorService timer;
    /** Only the timer thread touches it. */
    private boolean failing;

    private StalenessWatcher(FreshnessTracker freshness, List<ServedGroup> groups, Clock clock, ServingMetrics metrics) {
        this.freshness = freshness;
        this.groups = List.copyOf(groups);
        this.clock = clock;
        this.metrics = metrics;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "serving-staleness-check");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts checking {@code groups} every {@code interval}, the first check one interval from now. */
    public static StalenessWatcher start(FreshnessTracker freshness, List<ServedGroup> groups, Clock clock,
            ServingMetrics metrics, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("staleness check interval must be positive, was " + interval);
        }
        StalenessWatcher watcher = new StalenessWatcher(freshness, groups, clock, metrics);
        long millis = interval.toMillis();
        watcher.timer.scheduleWithFixedDelay(watcher::checkNow, millis, millis, TimeUnit.MILLISECONDS);
        return watcher;
    }

    /** One check of every group at the clock's time; never throws, so the timer keeps its schedule. */
    private void checkNow() {
        try {
            freshness.statusOf(groups, clock.millis());
            if (failing) {
                failing = false;
                LOG.info("staleness checks of groups {} succeed again", names());
            }
        } catch (OnlineStoreException e) {
            failed(e, false);
        } catch (RuntimeException e) {
            failed(e, true);
        }
    }

    private void failed(RuntimeException e, boolean unexpected) {
        metrics.countStalenessCheckFailure();
        freshness.forgetHeartbeats(); // the store may come back without the heartbeats read before
        if (unexpected) {
            LOG.error("staleness check of groups {} failed; retrying at the next check", names(), e);
        } else if (!failing) {
            LOG.warn("staleness check of groups {} failed, retrying at every check until the store answers: {}",
                    names(), e.getMessage());
        }
        failing = true;
    }

    private List<String> names() {
        return groups.stream().map(ServedGroup::name).toList();
    }

    /** Stops the timer; a check in progress is interrupted and its result dropped. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("staleness check still running 5 s after close; left to finish as a daemon thread");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
