package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.store.InMemoryOnlineStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request body cap: 413 past it, whether the body declares its length or comes chunked. */
class BodyLimitTest {

    private static final int LIMIT = 64;
    private static final String UNKNOWN_SERVICE_AT_LIMIT =
            "{\"service\": \"" + "x".repeat(LIMIT - 31) + "\", \"entities\": []}";

    private static InMemoryOnlineStore store;
    private static ServerHarness server;

    @BeforeAll
    static void start() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);
        store = ServerHarness.exampleStore(clock);
        server = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, clock),
                ServingConfig.defaults(0).withHost("127.0.0.1").withMaxBodyBytes(LIMIT));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() {
        assertThat(UNKNOWN_SERVICE_AT_LIMIT).hasSize(LIMIT);

        assertThat(server.post("/v1/features", UNKNOWN_SERVICE_AT_LIMIT).json().get("error").asText())
                .isEqualTo("unknown_service");
        assertThat(server.postChunked("/v1/features", UNKNOWN_SERVICE_AT_LIMIT).json().get("error").asText())
                .isEqualTo("unknown_service");
    }

    @Test
    void aBodyWithADeclaredLengthPastTheLimitIs413() {
        ServerHarness.Reply reply = server.post("/v1/features", UNKNOWN_SERVICE_AT_LIMIT + " ");

        assertTooLarge(reply);
    }

    @Test
    void aChunkedBodyPastTheLimitIs413() {
        ServerHarness.Reply reply = server.postChunked("/v1/features", UNKNOWN_SERVICE_AT_LIMIT + " ");

        assertTooLarge(reply);
    }

    private static void assertTooLarge(ServerHarness.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(413);
        assertThat(reply.json().get("error").asText()).isEqualTo("body_too_large");
        assertThat(reply.json().get("message").asText())
                .isEqualTo("the request body of /v1/features exceeds " + LIMIT + " bytes");
    }
}
