package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.store.RedisStoreConfig;
import dev.lockstep.testing.redis.RedisClusterExtension;
import dev.lockstep.testing.redis.RedisClusterProcess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server over a real three-primary Redis Cluster: one request reads entities whose hashes the cluster spreads
 * over its primaries; a lost primary makes requests fail fast and {@code /ready} name it; the same server turns
 * ready again by itself once the primary is back. Which card lives where is learnt through the store, not from
 * the key layout, which online-store alone knows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES) // a lost node must fail the test, never hang the build
class FeatureServerRedisClusterIT {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    private static final long NOW = Instant.parse("2026-11-20T12:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    private static final int DOWN = 1;
    private static final List<String> CARDS = IntStream.range(0, 40).mapToObj(i -> "card-" + i).toList();
    private static final TileFixture EVENTS = new TileFixture(FeaturesEndpointTest.SPEC);

    private static OnlineStore store;
    private static ServerHarness server;

    @BeforeAll
    static void start() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        store = RedisOnlineStore.connect(RedisStoreConfig.of(CLUSTER.uri()).withCommandTimeout(COMMAND_TIMEOUT),
                FeatureServer.layoutsFor(FeaturesEndpointTest.SPEC), clock, null);
        for (int i = 0; i < CARDS.size(); i++) {
            EVENTS.txn(CARDS.get(i), NOW - (i + 1) * MINUTE, NOW - (i + 1) * MINUTE + 5, 10.0 + i, "m" + i % 7, "PT")
                    .txn(CARDS.get(i), NOW - 5 * 60 * MINUTE - i, NOW - 5 * 60 * MINUTE, 2.5 * i, "m1", "ES");
        }
        EVENTS.writeTo(store);
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
    void oneRequestServesTheWindowReadValuesOfEntitiesAcrossThePrimaries() {
        ServerHarness.Reply reply = server.post("/v1/features", featuresRequest(CARDS));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        for (int i = 0; i < CARDS.size(); i++) {
            EVENTS.assertServed(reply.json().get("results").get(i).get("features"), "card_txn", CARDS.get(i), NOW, "fresh");
        }
        assertThat(server.get("/ready").status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aLostPrimaryFailsRequestsFastAndIsNamedByReadyUntilItIsBack() throws InterruptedException {
        RedisClusterProcess cluster = CLUSTER.cluster();
        int downPort = cluster.nodes().get(DOWN).port();
        cluster.kill(DOWN);

        long start = System.nanoTime();
        ServerHarness.Reply failed = server.post("/v1/features", featuresRequest(CARDS));
        assertThat(failed.status()).as(failed.body()).isEqualTo(503);
        assertThat(failed.json().get("error").asText()).isEqualTo("store_unavailable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(COMMAND_TIMEOUT.multipliedBy(4));
        ServerHarness.Reply ready = server.get("/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().get("reason").asText()).startsWith("online store unreachable: ")
                .contains("PING cluster primary 127.0.0.1:" + downPort + " (");
        assertThat(server.get("/health").status()).isEqualTo(200);

        cluster.restart(DOWN);

        assertThat(server.awaitReady(Duration.ofSeconds(30))).as("ready again within 30 s of the primary coming back").isTrue();
        // The restarted primary is empty (no persistence): its cards are gone, the others' still there, so the
        // request of test 1 did span primaries. Served as missing and fresh respectively.
        Set<String> lost = store.readTileValues("card_txn", CARDS).entrySet().stream()
                .filter(card -> card.getValue().isEmpty()).map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(lost).as("the lost primary's cards").isNotEmpty().hasSizeLessThan(CARDS.size());
        ServerHarness.Reply after = server.post("/v1/features", featuresRequest(CARDS));
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        for (int i = 0; i < CARDS.size(); i++) {
            String status = after.json().at("/results/" + i + "/features/card_txn.txn_count_10m/status").asText();
            assertThat(status).as(CARDS.get(i)).isEqualTo(lost.contains(CARDS.get(i)) ? "missing" : "fresh");
        }
    }

    private static String featuresRequest(List<String> cards) {
        return "{\"service\": \"fraud_v1\", \"entities\": [" + cards.stream()
                .map(card -> "{\"card_id\": \"" + card + "\"}").collect(Collectors.joining(", ")) + "]}";
    }
}
