package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's own staleness check: with no request at all, a group whose pipeline stalls still turns its
 * gauge, raises its rate-limited alert and turns back when the heartbeats move again; a store outage only
 * delays the checks. Checks run on real time every 20 ms; the checked time is the manual clock's.
 */
class StalenessWatchTest {

    private static final long NOW = Instant.parse("2026-11-20T12:00:00Z").toEpochMilli();
    private static final Duration CHECK_EVERY = Duration.ofMillis(20);
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final String CARD_TXN_STALE = "lockstep_serving_group_stale{group=\"card_txn\"}";

    private final List<StalenessAlert> alerts = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryOnlineStore store = ServerHarness.exampleStore(clock);
    private final FlakyStore flaky = new FlakyStore(store);
    private ServerHarness server;

    private void start(Duration checkEvery) {
        // card_daily (batch-only, freshness 1 day) is fresh throughout; only card_txn (1 minute) can stall.
        store.publishBatchWatermark("card_daily", NOW - 60_000, NOW);
        server = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, flaky, clock)
                .stalenessAlerts(alerts::add), ServingConfig.defaults(0).withHost("127.0.0.1")
                .withStalenessCheckInterval(checkEvery));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        store.close();
    }

    @Test
    void shouldAlertOncePerIntervalOnAStalledGroupThatNoRequestReadsAndClearWhenItMovesAgain()
            throws InterruptedException {
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 90_000, NOW - 89_000);
        start(CHECK_EVERY);

        await("an alert for card_txn", () -> !alerts.isEmpty());
        assertThat(metric(CARD_TXN_STALE)).isEqualTo("1.0");
        assertThat(metric("lockstep_serving_group_stale{group=\"card_daily\"}")).isEqualTo("0.0");
        Thread.sleep(10 * CHECK_EVERY.toMillis()); // ten more checks, at the same clock time
        assertThat(alerts).containsExactly(new StalenessAlert("card_txn", 90_000L, 60_000, NOW));

        clock.advance(60_000);
        await("the next interval's alert", () -> alerts.size() == 2);
        assertThat(alerts.get(1)).isEqualTo(new StalenessAlert("card_txn", 150_000L, 60_000, NOW + 60_000));

        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW + 59_000, NOW + 60_000);
        clock.advance(ServingConfig.DEFAULT_HEARTBEAT_REUSE.toMillis()); // past the reuse of the last read
        await("card_txn fresh again", () -> "0.0".equals(metric(CARD_TXN_STALE)));
        assertThat(metric("lockstep_serving_group_age_seconds{group=\"card_txn\"}")).isEqualTo("1.1");
        assertThat(alerts).hasSize(2);
        assertThat(flaky.readTilesCalls).hasValue(0);
    }

    @Test
    void shouldKeepCheckingThroughAStoreOutageAndAlertOnceTheStoreAnswers() throws InterruptedException {
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 90_000, NOW - 89_000);
        flaky.down = true;
        start(CHECK_EVERY);

        await("failed checks counted", () -> Double.parseDouble(
                metric("lockstep_serving_staleness_check_failures_total")) >= 3);
        assertThat(alerts).isEmpty();

        flaky.down = false;
        await("an alert once the store answers", () -> !alerts.isEmpty());
        assertThat(alerts.get(0)).isEqualTo(new StalenessAlert("card_txn", 90_000L, 60_000, NOW));
    }

    @Test
    void shouldLeaveStalenessToRequestsWhenTheCheckIsOff() throws InterruptedException {
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 90_000, NOW - 89_000);
        start(Duration.ZERO);

        Thread.sleep(10 * CHECK_EVERY.toMillis());
        assertThat(alerts).isEmpty();
        assertThat(metric(CARD_TXN_STALE)).isEqualTo("NaN");
        assertThat(flaky.streamingProgressCalls).hasValue(0);
    }

    /** The value of one series on /metrics, as Prometheus text prints it. */
    private String metric(String series) {
        for (String line : server.get("/metrics").body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return line.substring(series.length() + 1);
            }
        }
        throw new AssertionError("no series " + series + " on /metrics");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + PATIENCE + " for " + what);
            }
            Thread.sleep(5);
        }
    }
}
