package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Store failures reach the caller as 503/500 JSON and never as a hung request; fast, without Redis. */
class StoreOutageTest {

    private FlakyStore store;
    private ServerHarness server;

    @BeforeEach
    void start() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);
        store = new FlakyStore(ServerHarness.exampleStore(clock));
        server = new ServerHarness(FeaturesEndpointTest.SPEC, store, clock);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void shouldAnswer503StoreUnavailableWhileTheStoreIsDown() {
        store.down = true;

        ServerHarness.Reply reply = server.post("/v1/features",
                "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().get("error").asText()).isEqualTo("store_unavailable");
        assertThat(reply.json().get("message").asText())
                .isEqualTo("the online store is unavailable: streamingProgress: store is down (test)");
    }

    @Test
    void shouldReportNotReadyWithTheReasonWhileTheStoreIsDownAndReadyAgainAfter() {
        assertThat(server.get("/ready").status()).isEqualTo(200);
        store.down = true;

        ServerHarness.Reply down = server.get("/ready");
        store.down = false;

        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().get("ready").asBoolean()).isFalse();
        assertThat(down.json().get("reason").asText())
                .isEqualTo("online store unreachable: checkReachable: store is down (test)");
        assertThat(server.get("/ready").json().get("ready").asBoolean()).isTrue();
        assertThat(server.get("/health").status()).isEqualTo(200);
    }
}
