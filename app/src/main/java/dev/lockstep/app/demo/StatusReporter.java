package dev.lockstep.app.demo;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.store.Heartbeat;
import dev.lockstep.store.OnlineStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints one compact status line every interval: events sent and accepted per second, each feature group's
 * age against its freshness (from the same heartbeats serving uses), dead letters by reason so far, and
 * serving's p99 latency. Reads only the shared meter registry and the store, so it shows what the
 * components themselves report.
 */
public final class StatusReporter implements AutoCloseable {

    static final String RECORDS = "lockstep.streaming.records";
    static final String SERVING_LATENCY = "lockstep.serving.latency";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintWriter console;
    private final MeterRegistry meters;
    private final OnlineStore store;
    private final List<SourcePlan> sources;
    private final LongSupplier sent;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private long lastSent;
    private double lastAccepted;
    private long lastAt;

    public StatusReporter(PrintWriter console, MeterRegistry meters, OnlineStore store, FeatureSpec spec,
                          LongSupplier sent, Clock clock) {
        this.console = console;
        this.meters = meters;
        this.store = store;
        this.sources = SourcePlan.compileAll(spec);
        this.sent = sent;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "demo-status");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start(Duration interval) {
        lastAt = clock.millis();
        lastSent = sent.getAsLong();
        lastAccepted = count("accepted");
        timer.scheduleAtFixedRate(this::printSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void printSafely() {
        try {
            console.println(line());
            console.flush();
        } catch (RuntimeException e) {
            // A store hiccup must not end the status loop; say so on the status line instead.
            console.println("[status] unavailable this round: " + e.getMessage());
        }
    }

    /** One status line, and moves the per-second baselines to now. */
    String line() {
        long now = clock.millis();
        double seconds = Math.max(1, now - lastAt) / 1000.0;
        long sentNow = sent.getAsLong();
        double acceptedNow = count("accepted");
        String rates = String.format("sent %.0f/s, accepted %.0f/s", (sentNow - lastSent) / seconds,
                (acceptedNow - lastAccepted) / seconds);
        lastAt = now;
        lastSent = sentNow;
        lastAccepted = acceptedNow;
        return "[status " + LocalTime.ofInstant(clock.instant(), ZoneOffset.UTC).format(TIME) + "Z] " + rates
                + " | " + freshness(now) + " | dlq " + deadLetters() + " | " + servingP99();
    }

    private String freshness(long now) {
        StringJoiner groups = new StringJoiner(", ");
        for (SourcePlan source : sources) {
            for (GroupPlan group : source.groups()) {
                Long watermark;
                if (group.spec().isStreamed()) {
                    OptionalLong streamed = store.streamingProgress(group.name(), source.source().topic()).watermark();
                    watermark = streamed.isPresent() ? streamed.getAsLong() : null;
                } else {
                    watermark = store.batchWatermark(group.name()).map(Heartbeat::watermarkMillis).orElse(null);
                }
                long limit = group.spec().freshness().toMillis();
                groups.add(watermark == null ? group.name() + " no heartbeat yet"
                        : String.format("%s age %.1fs %s", group.name(), (now - watermark) / 1000.0,
                        now - watermark <= limit ? "fresh" : "STALE"));
            }
        }
        return groups.toString();
    }

    private String deadLetters() {
        Map<String, Long> byReason = new TreeMap<>();
        for (Counter counter : meters.find(RECORDS).tag("outcome", "rejected").counters()) {
            long n = Math.round(counter.count());
            if (n > 0) {
                byReason.merge(counter.getId().getTag("reason"), n, Long::sum);
            }
        }
        long duplicates = Math.round(count("duplicate"));
        StringJoiner out = new StringJoiner(" ");
        byReason.forEach((reason, n) -> out.add(RejectReason.valueOf(reason).name() + "=" + n));
        return (byReason.isEmpty() ? "none" : out.toString()) + " (dedup dropped " + duplicates + ")";
    }

    private String servingP99() {
        StringJoiner out = new StringJoiner(", ");
        for (Timer timer : meters.find(SERVING_LATENCY).timers()) {
            for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
                if (p.percentile() == 0.99 && timer.count() > 0) {
                    out.add(String.format("%s p99 %.2f ms", timer.getId().getTag("endpoint"),
                            p.value(TimeUnit.MILLISECONDS)));
                }
            }
        }
        return out.length() == 0 ? "serving: no requests yet" : "serving " + out;
    }

    private double count(String outcome) {
        return meters.find(RECORDS).tag("outcome", outcome).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
