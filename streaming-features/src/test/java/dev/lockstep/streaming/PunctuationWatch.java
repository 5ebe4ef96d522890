package dev.lockstep.streaming;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

/**
 * Watches Kafka Streams' punctuation metrics (bound to the registry by the app) for the benchmark: the
 * longest punctuation seen, sampled each {@code 500 ms} since Kafka's own max covers a sliding window only,
 * and the count. A punctuation runs on the stream thread, so its length is a stall of every record behind it.
 */
final class PunctuationWatch implements AutoCloseable {

    private static final String MAX = "kafka.stream.thread.punctuate.latency.max";
    private static final String TOTAL = "kafka.stream.thread.punctuate.total";

    private final MeterRegistry meters;
    private final Thread sampler;
    private volatile double longestMillis;

    PunctuationWatch(MeterRegistry meters) {
        this.meters = meters;
        this.sampler = new Thread(this::sample, "punctuation-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            longestMillis = Math.max(longestMillis, largest(MAX));
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private double largest(String name) {
        return Search.in(meters).name(name).gauges().stream().mapToDouble(Gauge::value)
                .filter(v -> !Double.isNaN(v)).max().orElse(0);
    }

    /** Micrometer binds Kafka's cumulative "-total" metrics as function counters. */
    private double sum(String name) {
        return Search.in(meters).name(name).functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
    }

    /** Prints the count of punctuations and the longest one seen so far. */
    void report(String when) {
        longestMillis = Math.max(longestMillis, largest(MAX));
        System.out.printf("RESULT punctuations %s: %,.0f in all, the longest %.1f ms%n", when, sum(TOTAL), longestMillis);
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}
