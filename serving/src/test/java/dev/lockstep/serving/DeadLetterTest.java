package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.TileWrite;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which failed requests are dead-lettered: server-side failures of valid requests, with their payload. */
class DeadLetterTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private final List<FailedRequest> letters = new CopyOnWriteArrayList<>();
    private FlakyStore store;
    private ServerHarness server;

    @BeforeEach
    void start() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        store = new FlakyStore(ServerHarness.exampleStore(clock));
        server = new ServerHarness(FeaturesEndpointTest.SPEC, store, clock, 10, letters::add);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void shouldDeadLetterRequestFailedByStoreOutageWithItsExactPayload() {
        store.down = true;
        String body = "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}";

        ServerHarness.Reply reply = server.post("/v1/features", body);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.endpoint()).isEqualTo("/v1/features");
            assertThat(letter.service()).isEqualTo("fraud_v1");
            assertThat(letter.requestId()).as("the id the caller got")
                    .isEqualTo(reply.headers().firstValue("X-Request-Id").orElseThrow())
                    .isEqualTo(reply.json().get("request_id").asText());
            assertThat(letter.status()).isEqualTo(503);
            assertThat(letter.error()).isEqualTo("store_unavailable");
            assertThat(new String(letter.body(), StandardCharsets.UTF_8)).isEqualTo(body);
            assertThat(letter.failedAtMillis()).isEqualTo(NOW.toEpochMilli());
        });
    }

    @Test
    void shouldDeadLetterRequestRejectedForStaleFeatures() {
        assertThat(server.post("/v1/features", "{\"service\": \"fraud_strict\", \"entities\": []}").status())
                .isEqualTo(503);

        assertThat(letters).singleElement().extracting(FailedRequest::error).isEqualTo("stale_features");
    }

    @Test
    void shouldDeadLetterUnderTheCallersOwnRequestId() {
        store.down = true;

        server.post("/v1/features", "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}",
                "X-Request-Id", "checkout-42");

        assertThat(letters).singleElement().extracting(FailedRequest::requestId).isEqualTo("checkout-42");
    }

    @Test
    void shouldDeadLetterAnInternalErrorSuchAsATileItCannotRead() {
        long hour = 3_600_000L;
        store.writeTiles(List.of(new TileWrite("card_txn", "c1", TileKey.containing(hour, NOW.toEpochMilli() - hour), 1,
                new byte[] {1, 1, 0, 0, 0, 0, 0})));
        String body = "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}";

        ServerHarness.Reply reply = server.post("/v1/features", body);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.json().get("error").asText()).isEqualTo("internal");
        assertThat(reply.json().get("message").asText()).startsWith("internal error while serving POST /v1/features: ");
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.status()).isEqualTo(500);
            assertThat(letter.error()).isEqualTo("internal");
            assertThat(letter.requestId()).isEqualTo(reply.json().get("request_id").asText());
            assertThat(new String(letter.body(), StandardCharsets.UTF_8)).isEqualTo(body);
        });
    }

    @Test
    void shouldNotDeadLetterClientErrors() {
        server.post("/v1/features", "{\"service\": \"nope\", \"entities\": []}");
        server.post("/v1/features", "{\"service\": \"fraud_v1\", \"entities\": [{}]}");
        server.post("/v1/features", "not json");

        assertThat(letters).isEmpty();
    }
}
