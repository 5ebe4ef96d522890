package dev.lockstep.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.store.StreamingProgress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Which groups a source topic's partition count is published for: the streamed groups read from it. */
class PartitionCountPublisherTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static final String SPEC = """
            sources:
              cards:
                topic: payments
                schema: classpath:schemas/Transaction.avsc
                entity_key: card_id
                event_time: event_time
                event_id: txn_id
                allowed_lateness: 10m
                max_future_skew: 1m
              merchants:
                topic: payments
                schema: classpath:schemas/Transaction.avsc
                entity_key: merchant_id
                event_time: event_time
                event_id: txn_id
                allowed_lateness: 10m
                max_future_skew: 1m
            feature_groups:
              card_txn:
                source: cards
                freshness: 1m
                features:
                  - {name: txn_count_10m, agg: count, window: 10m}
              card_daily:
                source: cards
                freshness: 24h
                features:
                  - {name: amount_sum_7d, agg: sum, column: amount, window: 7d}
              merchant_txn:
                source: merchants
                freshness: 1m
                features:
                  - {name: txn_count_1h, agg: count, window: 1h}
            """;

    @Test
    void shouldPublishATopicsCountForEachStreamedGroupOfEverySourceReadingItAndNoBatchOnlyGroup() {
        FeatureSpec spec = FeatureSpecLoader.load(SPEC, Path.of("."), "two-sources-one-topic.yaml");
        InMemoryOnlineStore store = new InMemoryOnlineStore(List.of(), CLOCK);
        PartitionCountPublisher publisher = new PartitionCountPublisher(store, CLOCK, SourcePlan.compileAll(spec));

        publisher.accept(Map.of("payments", 6, "unrelated", 2));

        StreamingProgress counted = new StreamingProgress(Map.of(), OptionalInt.of(6));
        assertThat(store.streamingProgress("card_txn", "payments")).isEqualTo(counted);
        assertThat(store.streamingProgress("merchant_txn", "payments")).isEqualTo(counted);
        assertThat(store.streamingProgress("card_daily", "payments").partitionCount()).as("batch only").isEmpty();
        assertThat(store.streamingProgress("card_txn", "unrelated").partitionCount()).isEmpty();
    }
}
