package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Staleness alerts: raised by requests that find a group stale, at most one per group per minute. */
class StalenessAlertTest {

    private static final long NOW = Instant.parse("2026-11-20T12:00:00Z").toEpochMilli();
    private static final String REQUEST = "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}";

    private final List<StalenessAlert> alerts = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(NOW);
    private InMemoryOnlineStore store;
    private ServerHarness server;

    @BeforeEach
    void start() {
        store = ServerHarness.exampleStore(clock);
        server = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, clock)
                .stalenessAlerts(alerts::add), 10);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void shouldRaiseOneAlertPerGroupPerIntervalWhileTheGroupStaysStale() {
        server.post("/v1/features", REQUEST);
        clock.advance(59_999);
        server.post("/v1/features", REQUEST);
        clock.advance(1);
        server.post("/v1/features", REQUEST);

        assertThat(alerts).containsExactly(
                new StalenessAlert("card_txn", null, 60_000, NOW),
                new StalenessAlert("card_txn", null, 60_000, NOW + 60_000));
        assertThat(alerts.get(0).reason()).isEqualTo("no_heartbeat");
    }

    @Test
    void shouldRaiseAlertWithTheAgeWhenTheWatermarkFallsBehind() {
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 1_000, NOW);
        server.post("/v1/features", REQUEST);
        clock.advance(90_000);
        server.post("/v1/features", REQUEST);

        assertThat(alerts).containsExactly(new StalenessAlert("card_txn", 91_000L, 60_000, NOW + 90_000));
        assertThat(alerts.get(0).reason()).isEqualTo("watermark_behind");
    }

    @Test
    void shouldLimitAlertsPerGroupNotAcrossGroups() {
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 1_000, NOW);
        server.post("/v1/features", "{\"service\": \"daily\", \"entities\": []}");
        clock.advance(90_000);
        server.post("/v1/features", REQUEST);

        assertThat(alerts).extracting(StalenessAlert::group).containsExactly("card_daily", "card_txn");
    }
}
