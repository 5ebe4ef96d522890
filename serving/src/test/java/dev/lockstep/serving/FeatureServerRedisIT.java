package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.testing.redis.RedisServerExtension;
import dev.lockstep.testing.redis.RedisServerProcess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server over a real redis-server: values, and behaviour while Redis is killed and restarted. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FeatureServerRedisIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final long NOW = Instant.parse("2026-11-20T12:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final TileFixture EVENTS = new TileFixture(FeaturesEndpointTest.SPEC);

    private static RedisOnlineStore store;
    private static ServerHarness server;

    @BeforeAll
    static void start() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        store = RedisOnlineStore.connect(REDIS.uri(), FeatureServer.layoutsFor(FeaturesEndpointTest.SPEC), clock);
        EVENTS.txn("c1", NOW - 3 * MINUTE, NOW - 3 * MINUTE, 12.5, "m1", "PT")
                .txn("c1", NOW - 4 * 60 * MINUTE, NOW - 4 * 60 * MINUTE + 10, 3.0, "m2", "ES")
                .txn("c2", NOW - 40 * MINUTE, NOW - 39 * MINUTE, 99.99, "m7", null)
                .writeTo(store);
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 2_000, NOW);
        server = new ServerHarness(FeaturesEndpointTest.SPEC, store, clock);
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    @Test
    @Order(1)
    void shouldServeFromRedisExactlyTheWindowReadValuesOfTheSameEvents() {
        ServerHarness.Reply reply = server.post("/v1/features", "{\"service\": \"fraud_v1\", \"entities\":"
                + " [{\"card_id\": \"c1\"}, {\"card_id\": \"c2\"}, {\"card_id\": \"c3\"}]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String[] cards = {"c1", "c2", "c3"};
        for (int i = 0; i < cards.length; i++) {
            JsonNode features = reply.json().get("results").get(i).get("features");
            EVENTS.assertServed(features, "card_txn", cards[i], NOW, i == 2 ? "missing" : "fresh");
            features.fields().forEachRemaining(served -> assertThat(served.getValue().get("age_ms").asLong())
                    .as(served.getKey()).isEqualTo(2_000));
        }
    }

    @Test
    @Order(2)
    void shouldFailFastAndReportNotReadyWhileRedisIsDownThenRecoverByItself() throws InterruptedException {
        assertThat(server.get("/ready").status()).isEqualTo(200);
        REDIS.server().kill();
        RedisServerProcess restarted = null;
        try {
            long start = System.nanoTime();
            List<CompletableFuture<ServerHarness.Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> server.post("/v1/features",
                        "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}")));
            }
            for (CompletableFuture<ServerHarness.Reply> call : calls) {
                ServerHarness.Reply reply = call.join();
                assertThat(reply.status()).as(reply.body()).isEqualTo(503);
                assertThat(reply.json().get("error").asText()).isEqualTo("store_unavailable");
            }
            // Each call is bounded by the store's 1 s command timeout, and they do not queue behind each other.
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
            ServerHarness.Reply ready = server.get("/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("reason").asText()).startsWith("online store unreachable: ");
            assertThat(server.get("/health").status()).isEqualTo(200);

            restarted = REDIS.server().restartOnSamePort();

            assertThat(server.awaitReady(Duration.ofSeconds(10))).as("ready again within 10 s of Redis coming back").isTrue();
            ServerHarness.Reply after = server.post("/v1/features",
                    "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}");
            assertThat(after.status()).as(after.body()).isEqualTo(200);
            // The restarted Redis is empty: no tiles, no heartbeat.
            assertThat(after.json().at("/results/0/features/card_txn.txn_count_10m/status").asText())
                    .isEqualTo("stale");
        } finally {
            if (restarted != null) {
                restarted.close();
            }
        }
    }
}
