package dev.lockstep.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.app.Specs;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.streaming.OnlineStoreLayouts;
import dev.lockstep.testing.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StatusReporterTest {

    private static final FeatureSpec SPEC = Specs.load(Specs.EXAMPLE);
    private static final long NOW = Instant.parse("2026-11-23T01:00:10Z").toEpochMilli();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(NOW - 10_000);
    private final InMemoryOnlineStore store = new InMemoryOnlineStore(OnlineStoreLayouts.of(SPEC), clock);
    private final AtomicLong sent = new AtomicLong();
    private final StatusReporter reporter = new StatusReporter(new PrintWriter(new StringWriter()), meters, store,
            SPEC, sent::get, clock);

    @Test
    void shouldReportRatesSinceTheLastLineAgeOfTheSlowestPartitionAndDeadLettersByReason() {
        reporter.start(java.time.Duration.ofHours(1)); // baselines at NOW - 10 s; no line printed by the timer here
        sent.set(2_000);
        records("accepted", "none").increment(1_500);
        records("duplicate", "none").increment(7);
        records("rejected", "TOO_LATE").increment(3);
        records("rejected", "UNDECODABLE").increment(2);
        store.publishStreamingWatermark("card_txn", "payments.transactions", 0, NOW - 800, NOW);
        store.publishStreamingWatermark("card_txn", "payments.transactions", 1, NOW - 2_500, NOW);
        clock.set(NOW);

        String line = reporter.line();
        reporter.close();

        assertThat(line).isEqualTo("[status 01:00:10Z] sent 200/s, accepted 150/s | card_txn age 2.5s fresh"
                + " | dlq TOO_LATE=3 UNDECODABLE=2 (dedup dropped 7) | serving: no requests yet");
    }

    @Test
    void shouldMarkAGroupStaleBeyondItsFreshnessAndSayWhenNoHeartbeatCameYet() {
        clock.set(NOW);
        assertThat(reporter.line()).contains("card_txn no heartbeat yet");

        store.publishStreamingWatermark("card_txn", "payments.transactions", 0, NOW - 61_000, NOW);
        assertThat(reporter.line()).contains("card_txn age 61.0s STALE");
    }

    private Counter records(String outcome, String reason) {
        return Counter.builder(StatusReporter.RECORDS).tag("source", "transactions").tag("outcome", outcome)
                .tag("reason", reason).register(meters);
    }
}
