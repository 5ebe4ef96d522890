package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.store.InMemoryOnlineStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeaturesEndpointTest {

    static final FeatureSpec SPEC = FeatureSpecLoader.loadResource("specs/serving-test.yaml");
    static final long NOW = Instant.parse("2026-11-20T12:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000;

    private final TileFixture events = new TileFixture(SPEC);
    private InMemoryOnlineStore store;
    private ServerHarness server;

    @BeforeEach
    void start() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        store = ServerHarness.exampleStore(clock);
        events.txn("c1", NOW - 2 * MINUTE, NOW - 2 * MINUTE + 1_000, 10.0, "m1", "FR")
                .txn("c1", NOW - 30 * MINUTE, NOW - 29 * MINUTE, 25.5, "m2", "DE")
                .txn("c1", NOW - 20 * 60 * MINUTE, NOW - 20 * 60 * MINUTE, 5.0, "m1", "FR")
                .txn("c1", NOW - 10 * 24 * 60 * MINUTE, NOW - 10 * 24 * 60 * MINUTE, 100.0, "m3", "US")
                .txn("c2", NOW - MINUTE, NOW - MINUTE + 500, 7.25, "m9", null)
                .writeTo(store);
        server = new ServerHarness(SPEC, store, clock);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void shouldServeExactlyTheWindowReadValuesOfTheSameEventsAtRequestTime() throws JsonProcessingException {
        heartbeats(NOW - 5_000, NOW - 20_000);

        JsonNode body = features("fraud_v1", "c1", "c2");

        assertThat(body.get("read_time_ms").asLong()).isEqualTo(NOW);
        for (int i = 0; i < 2; i++) {
            String card = i == 0 ? "c1" : "c2";
            JsonNode served = body.get("results").get(i);
            assertThat(served.get("entity").get("card_id").asText()).isEqualTo(card);
            Map<String, Object> expected = events.expected("card_txn", card, NOW);
            assertThat(served.get("features").size()).isEqualTo(expected.size());
            for (Map.Entry<String, Object> feature : expected.entrySet()) {
                JsonNode node = served.get("features").get("card_txn." + feature.getKey());
                // Compared as JSON text, so a long 3 and a double 3.0 differ: types must match too.
                assertThat(ServerHarness.JSON.writeValueAsString(node.get("value")))
                        .as("%s of %s", feature.getKey(), card)
                        .isEqualTo(ServerHarness.JSON.writeValueAsString(feature.getValue()));
                assertThat(node.get("status").asText()).isEqualTo("fresh");
                assertThat(node.get("age_ms").asLong()).isEqualTo(20_000);
            }
        }
        assertThat(body.at("/results/0/features/card_txn.txn_count_10m/value").asLong()).isEqualTo(1);
        assertThat(body.at("/results/0/features/card_txn.amount_max_24h/value").asDouble()).isEqualTo(25.5);
    }

    @Test
    void shouldMarkEntityWithoutTilesMissingWithTheEmptyWindowValue() {
        heartbeats(NOW - 5_000, NOW - 5_000);

        JsonNode features = features("fraud_v1", "never-seen").at("/results/0/features");

        assertThat(features.at("/card_txn.txn_count_10m/status").asText()).isEqualTo("missing");
        assertThat(features.at("/card_txn.txn_count_10m/value").asLong()).isZero();
        assertThat(features.at("/card_txn.amount_max_24h/value").isNull()).isTrue();
    }

    @Test
    void shouldMarkGroupStaleWhenItsSlowestPartitionIsOlderThanFreshnessAndStillServeValue() {
        heartbeats(NOW - 5_000, NOW - 2 * MINUTE);

        JsonNode body = features("fraud_v1", "c1");

        assertThat(body.at("/groups/card_txn/status").asText()).isEqualTo("stale");
        assertThat(body.at("/results/0/features/card_txn.txn_count_10m/status").asText()).isEqualTo("stale");
        assertThat(body.at("/results/0/features/card_txn.txn_count_10m/age_ms").asLong()).isEqualTo(2 * MINUTE);
        assertThat(body.at("/results/0/features/card_txn.txn_count_10m/value").asLong()).isEqualTo(1);
    }

    @Test
    void shouldMarkGroupStaleWithUnknownAgeWhenNoHeartbeatWasEverPublished() {
        JsonNode feature = features("fraud_v1", "c1").at("/results/0/features/card_txn.amount_sum_1h");

        assertThat(feature.get("status").asText()).isEqualTo("stale");
        assertThat(feature.get("age_ms").isNull()).isTrue();
        assertThat(feature.get("value").asDouble()).isEqualTo(35.5);
    }

    @Test
    void shouldMarkGroupStaleWithUnknownAgeWhileAPartitionOfItsTopicHasNoHeartbeat() {
        heartbeats(NOW - 5_000, NOW - 5_000);
        store.publishPartitionCount(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 4, NOW);

        JsonNode body = features("fraud_v1", "c1");

        assertThat(body.at("/groups/card_txn/status").asText()).isEqualTo("stale");
        assertThat(body.at("/groups/card_txn/age_ms").isNull()).isTrue();
        assertThat(body.at("/results/0/features/card_txn.amount_sum_1h/value").asDouble()).isEqualTo(35.5);
        ServerHarness.Reply rejected = server.post("/v1/features",
                "{\"service\": \"fraud_strict\", \"entities\": [{\"card_id\": \"c1\"}]}");
        assertThat(rejected.json().get("message").asText()).isEqualTo("service fraud_strict rejects stale features"
                + " (policy reject): group card_txn has no heartbeat from partitions 2, 3 of 4 of topic "
                + TileFixture.TOPIC + "; group card_daily has no heartbeat");
    }

    @Test
    void shouldAgeGroupByItsSlowestPartitionOnceEveryCountedPartitionHasBeaten() {
        heartbeats(NOW - 5_000, NOW - 4_000);
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 2, NOW - 1_000, NOW);
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 3, NOW - 1_000, NOW);
        store.publishPartitionCount(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 4, NOW);

        assertThat(features("fraud_v1", "c1").at("/groups/card_txn").toString())
                .isEqualTo("{\"age_ms\":5000,\"freshness_ms\":60000,\"status\":\"fresh\"}");
    }

    @Test
    void shouldAgeGroupByItsOwnHeartbeatsNotThoseAnotherAppPublishesForAnotherGroupOfTheTopic() {
        // This group's streaming app stalled 90 s ago; another app streams another group of the same topic.
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 90_000, NOW - 90_000);
        store.publishStreamingWatermark("merchant_txn", TileFixture.TOPIC, 0, NOW - 1_000, NOW);
        store.publishPartitionCount("merchant_txn", TileFixture.TOPIC, 1, NOW);

        assertThat(features("fraud_v1", "c1").at("/groups/card_txn").toString())
                .isEqualTo("{\"age_ms\":90000,\"freshness_ms\":60000,\"status\":\"stale\"}");
    }

    @Test
    void shouldAgeBatchOnlyGroupByItsBatchWatermark() {
        store.publishBatchWatermark("card_daily", NOW - 3 * 60 * MINUTE, NOW - 3 * 60 * MINUTE);

        JsonNode feature = features("daily", "c1").at("/results/0/features/card_daily.amount_sum_7d");

        assertThat(feature.get("status").asText()).isEqualTo("fresh");
        assertThat(feature.get("age_ms").asLong()).isEqualTo(3 * 60 * MINUTE);
        assertThat(feature.get("value").asDouble()).isEqualTo(40.5);
    }

    @Test
    void shouldWithholdValuesOfStaleGroupUnderFallbackDefault() {
        heartbeats(NOW - 5 * MINUTE, NOW - 5 * MINUTE);

        JsonNode feature = features("fraud_fallback", "c1").at("/results/0/features/card_txn.amount_sum_1h");

        assertThat(feature.get("value").isNull()).isTrue();
        assertThat(feature.get("status").asText()).isEqualTo("stale");
        assertThat(feature.get("age_ms").asLong()).isEqualTo(5 * MINUTE);
    }

    @Test
    void shouldServeFallbackDefaultServiceNormallyWhileFresh() {
        heartbeats(NOW - 5_000, NOW - 5_000);

        JsonNode feature = features("fraud_fallback", "c1").at("/results/0/features/card_txn.amount_sum_1h");

        assertThat(feature.get("value").asDouble()).isEqualTo(35.5);
        assertThat(feature.get("status").asText()).isEqualTo("fresh");
    }

    @Test
    void shouldRejectWith503NamingOnlyTheStaleGroupsUnderRejectPolicy() {
        heartbeats(NOW - 5_000, NOW - 5_000);
        // card_daily (batch-only) has no batch heartbeat: stale; card_txn is fresh.

        ServerHarness.Reply reply = server.post("/v1/features",
                "{\"service\": \"fraud_strict\", \"entities\": [{\"card_id\": \"c1\"}]}");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().get("error").asText()).isEqualTo("stale_features");
        assertThat(reply.json().get("message").asText())
                .isEqualTo("service fraud_strict rejects stale features (policy reject): group card_daily has no heartbeat");
        assertThat(reply.json().get("stale_groups").toString()).isEqualTo("[\"card_daily\"]");
    }

    @Test
    void shouldServeRejectPolicyServiceWhenEveryGroupIsFresh() {
        heartbeats(NOW - 5_000, NOW - 5_000);
        store.publishBatchWatermark("card_daily", NOW - 60 * MINUTE, NOW);

        JsonNode body = features("fraud_strict", "c1");

        assertThat(body.at("/results/0/features/card_daily.amount_sum_7d/status").asText()).isEqualTo("fresh");
        assertThat(body.at("/results/0/features/card_txn.txn_count_10m/status").asText()).isEqualTo("fresh");
    }

    private void heartbeats(long partition0, long partition1) {
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, partition0, NOW);
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 1, partition1, NOW);
    }

    private JsonNode features(String service, String... cards) {
        StringBuilder entities = new StringBuilder();
        for (String card : cards) {
            entities.append(entities.length() == 0 ? "" : ", ").append("{\"card_id\": \"").append(card).append("\"}");
        }
        ServerHarness.Reply reply = server.post("/v1/features",
                "{\"service\": \"" + service + "\", \"entities\": [" + entities + "]}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }
}
