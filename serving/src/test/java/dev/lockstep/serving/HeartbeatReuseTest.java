package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Heartbeat reads are reused for 100 ms of request time; a stalled pipeline still turns stale on time, and
 * a store failure makes the next request read them again.
 */
class HeartbeatReuseTest {

    private static final long NOW = Instant.parse("2026-11-20T12:00:00Z").toEpochMilli();
    private static final long REUSE = ServingConfig.DEFAULT_HEARTBEAT_REUSE.toMillis();
    private static final long FRESHNESS = 60_000; // card_txn

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
    void shouldReadTheHeartbeatsOncePerReuseIntervalAndSeeANewerOneAfterIt() {
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 5_000, NOW);
        assertThat(age()).isEqualTo(5_000);

        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 1_000, NOW);
        clock.advance(REUSE - 1);
        long reused = age();
        clock.advance(1);
        long reread = age();

        assertThat(reused).isEqualTo(5_000 + REUSE - 1);
        assertThat(reread).isEqualTo(1_000 + REUSE);
        assertThat(store.streamingProgressCalls).hasValue(2);
    }

    @Test
    void shouldTurnStaleWhenTheClockPassesFreshnessEvenOnAReusedRead() {
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - FRESHNESS + 10, NOW);
        assertThat(status()).isEqualTo("fresh");

        clock.advance(11);

        assertThat(status()).isEqualTo("stale");
        assertThat(store.streamingProgressCalls).hasValue(1);
    }

    @Test
    void shouldReadAgainWhenTheClockGoesBack() {
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 5_000, NOW);
        age();
        clock.advance(-1);
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 2_000, NOW);

        assertThat(age()).isEqualTo(2_000 - 1);
        assertThat(store.streamingProgressCalls).hasValue(2);
    }

    @Test
    void shouldReadTheHeartbeatsAgainAfterAStoreFailure() {
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 5_000, NOW);
        age();
        store.down = true;
        ServerHarness.Reply failed = server.post("/v1/features",
                "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}");
        store.down = false;
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 2_000, NOW);

        assertThat(failed.status()).isEqualTo(503);
        assertThat(age()).as("within the reuse interval, but after a failure").isEqualTo(2_000);
        assertThat(store.streamingProgressCalls).hasValue(2);
    }

    private JsonNode groupOf() {
        ServerHarness.Reply reply = server.post("/v1/features",
                "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().at("/groups/card_txn");
    }

    private long age() {
        return groupOf().get("age_ms").asLong();
    }

    private String status() {
        return groupOf().get("status").asText();
    }
}
