package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    private static final long NOW = Instant.parse("2026-11-20T12:00:00Z").toEpochMilli();

    private final MutableClock clock = new MutableClock(NOW);
    private FlakyStore store;
    private ServerHarness server;

    @BeforeEach
    void start() {
        store = new FlakyStore(ServerHarness.exampleStore(clock));
        server = new ServerHarness(FeaturesEndpointTest.SPEC, store, clock);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void shouldReadEachGroupOnceForAManyEntityRequest() {
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 1_000, NOW);

        server.post("/v1/features", "{\"service\": \"fraud_strict\", \"entities\": [{\"card_id\": \"a\"},"
                + " {\"card_id\": \"b\"}, {\"card_id\": \"a\"}, {\"card_id\": \"c\"}]}");
        store.publishBatchWatermark("card_daily", NOW, NOW);
        clock.advance(ServingConfig.DEFAULT_HEARTBEAT_REUSE.toMillis()); // past the reuse of the first read
        ServerHarness.Reply reply = server.post("/v1/features", "{\"service\": \"fraud_strict\", \"entities\":"
                + " [{\"card_id\": \"a\"}, {\"card_id\": \"b\"}, {\"card_id\": \"a\"}, {\"card_id\": \"c\"}]}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("results").size()).isEqualTo(4);
        assertThat(store.readTilesCalls.get()).as("first request rejected before reading; second: one per group")
                .isEqualTo(2);
    }

    @Test
    void shouldExposeLatencyHistogramStageTimersStalenessGaugesAndErrorCounters() {
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 90_000, NOW);
        server.post("/v1/features", "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}");
        server.post("/v1/features", "{\"service\": \"nope\", \"entities\": []}");

        ServerHarness.Reply metrics = server.get("/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("lockstep_serving_requests_seconds_bucket{endpoint=\"/v1/features\",le=")
                .contains("lockstep_serving_latency_seconds{endpoint=\"/v1/features\",quantile=\"0.5\"}")
                .contains("lockstep_serving_latency_seconds{endpoint=\"/v1/features\",quantile=\"0.95\"}")
                .contains("lockstep_serving_latency_seconds{endpoint=\"/v1/features\",quantile=\"0.99\"}")
                .contains("lockstep_serving_latency_seconds{endpoint=\"/v1/features\",quantile=\"0.999\"}")
                .contains("lockstep_serving_requests_seconds_count{endpoint=\"/v1/features\"} 2")
                .contains("lockstep_serving_stage_seconds_count{group=\"card_txn\",stage=\"feature_read\"} 1")
                .contains("lockstep_serving_stage_seconds_count{group=\"card_txn\",stage=\"window_read\"} 1")
                .contains("lockstep_serving_group_age_seconds{group=\"card_txn\"} 90.0")
                .contains("lockstep_serving_group_stale{group=\"card_txn\"} 1.0")
                .contains("lockstep_serving_group_stale{group=\"card_daily\"} NaN")
                .contains("lockstep_serving_errors_total{reason=\"unknown_service\"} 1.0");
    }
}
