package dev.lockstep.streaming.internal;

import dev.lockstep.features.accept.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of one source: {@code lockstep.streaming.records{source, outcome=accepted|duplicate|rejected,
 * reason}}, reason being a {@link RejectReason} for rejected records and {@code none} otherwise; and
 * {@code lockstep.streaming.misrouted{source}}, accepted records whose Kafka key is not their entity key.
 */
public final class SourceMetrics {

    public static final String RECORDS = "lockstep.streaming.records";
    public static final String MISROUTED = "lockstep.streaming.misrouted";

    private final Counter accepted;
    private final Counter duplicates;
    private final Counter misrouted;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);

    public SourceMetrics(MeterRegistry meters, String source) {
        this.accepted = counter(meters, source, "accepted", "none");
        this.duplicates = counter(meters, source, "duplicate", "none");
        this.misrouted = Counter.builder(MISROUTED)
                .description("Accepted records whose Kafka key is not their entity key: their entity may be split across tasks")
                .tag("source", source)
                .register(meters);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, counter(meters, source, "rejected", reason.name()));
        }
    }

    private static Counter counter(MeterRegistry meters, String source, String outcome, String reason) {
        return Counter.builder(RECORDS)
                .description("Source records by outcome")
                .tag("source", source).tag("outcome", outcome).tag("reason", reason)
                .register(meters);
    }

    public void accepted() {
        accepted.increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    public void misrouted() {
        misrouted.increment();
    }

    public void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }
}
