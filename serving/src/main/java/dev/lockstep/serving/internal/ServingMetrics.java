package dev.lockstep.serving.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Serving's meters (names in serving/README.md): request latency per endpoint with p50/p95/p99/p99.9 and
 * a histogram, stage timers (Redis tile read, window read) per group, the age and
 * staleness of each group as of its last check (a request that read it, or the periodic staleness check),
 * errors by reason, and failed staleness checks.
 */
public final class ServingMetrics {

    static final double[] PERCENTILES = {0.5, 0.95, 0.99, 0.999};

    private final MeterRegistry registry;
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencyTimers = new ConcurrentHashMap<>();
    private final Map<String, Timer> stageTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Double>> ageSeconds = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Double>> stale = new ConcurrentHashMap<>();
    private final Counter stalenessCheckFailures;

    /** Registers the per-group gauges up front, NaN until the group is first checked. */
    public ServingMetrics(MeterRegistry registry, Collection<String> groups) {
        this.registry = registry;
        this.stalenessCheckFailures = Counter.builder("lockstep.serving.staleness.check.failures")
                .description("periodic staleness checks that could not read the heartbeats (the gauges keep "
                        + "their last values meanwhile)")
                .register(registry);
        for (String group : groups) {
            AtomicReference<Double> age = new AtomicReference<>(Double.NaN);
            AtomicReference<Double> isStale = new AtomicReference<>(Double.NaN);
            ageSeconds.put(group, age);
            stale.put(group, isStale);
            Gauge.builder("lockstep.serving.group.age", age, AtomicReference::get).baseUnit("seconds")
                    .description("check time minus the group's watermark at its last check; NaN: no heartbeat")
                    .tag("group", group).register(registry);
            Gauge.builder("lockstep.serving.group.stale", isStale, AtomicReference::get)
                    .description("1 when the group was stale at its last check, 0 when fresh")
                    .tag("group", group).register(registry);
        }
    }

    /**
     * Records one request twice: as a histogram ({@code lockstep.serving.requests}, buckets that Prometheus
     * can aggregate across instances) and as client-side percentiles ({@code lockstep.serving.latency},
     * p50/p95/p99/p99.9 of this instance). One Micrometer timer cannot be both in Prometheus: with a
     * histogram its percentiles are not exported.
     */
    public void recordRequest(String endpoint, long nanos) {
        requestTimers.computeIfAbsent(endpoint, e -> Timer.builder("lockstep.serving.requests")
                .description("HTTP request latency histogram, from body read to response written")
                .tag("endpoint", e)
                .publishPercentileHistogram()
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
        latencyTimers.computeIfAbsent(endpoint, e -> Timer.builder("lockstep.serving.latency")
                .description("HTTP request latency percentiles of this instance")
                .tag("endpoint", e)
                .publishPercentiles(PERCENTILES)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Times one stage of a feature read: {@code feature_read} (Redis) or {@code window_read} (engine). */
    public <T> T timeStage(String stage, String group, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            stageTimers.computeIfAbsent(stage + '\0' + group, k -> Timer.builder("lockstep.serving.stage")
                    .description("time spent in one stage of POST /v1/features, per group")
                    .tags("stage", stage, "group", group)
                    .publishPercentiles(PERCENTILES)
                    .register(registry)).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    public void recordFreshness(GroupStatus status) {
        AtomicReference<Double> age = ageSeconds.get(status.group());
        if (age != null) {
            age.set(status.ageMillis() == null ? Double.NaN : status.ageMillis() / 1000.0);
            stale.get(status.group()).set(status.stale() ? 1.0 : 0.0);
        }
    }

    public void countStalenessCheckFailure() {
        stalenessCheckFailures.increment();
    }

    /** Counts a failed request by its error code (e.g. {@code store_unavailable}). */
    public void countError(String reason) {
        errors.computeIfAbsent(reason, r -> Counter.builder("lockstep.serving.errors")
                .description("failed requests by error code").tag("reason", r).register(registry)).increment();
    }
}
