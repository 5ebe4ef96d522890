package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.store.InMemoryOnlineStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every client error class: its exact status, error code and message. */
class RequestErrorsTest {

    private static InMemoryOnlineStore store;
    private static ServerHarness server;

    @BeforeAll
    static void start() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);
        store = ServerHarness.exampleStore(clock);
        server = new ServerHarness(FeaturesEndpointTest.SPEC, store, clock, 3);
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    @Test
    void shouldAnswer400ForBodyThatIsNotJson() {
        expect(post("{\"service\": \"fraud_v1\", "), 400, "invalid_json",
                "the request body is not valid JSON: Unexpected end-of-input within/between Object entries"
                        + " at line 1, column 25");
    }

    @Test
    void shouldAnswer400ForEmptyBody() {
        expect(post(""), 400, "invalid_json", "the request body is empty; expected a JSON object");
    }

    @Test
    void shouldAnswer400ForJsonThatIsNotAnObject() {
        expect(post("[1, 2]"), 400, "invalid_request", "the request body must be a JSON object, got array");
    }

    @Test
    void shouldAnswer400ForMissingService() {
        expect(post("{\"entities\": []}"), 400, "invalid_request",
                "field 'service' is required and must be a string");
    }

    @Test
    void shouldAnswer400ForEntitiesThatAreNotAnArray() {
        expect(post("{\"service\": \"fraud_v1\", \"entities\": {\"card_id\": \"c1\"}}"), 400, "invalid_request",
                "field 'entities' is required and must be an array");
    }

    @Test
    void shouldAnswer400ForUnknownTopLevelField() {
        expect(post("{\"service\": \"fraud_v1\", \"entities\": [], \"debug\": true}"), 400, "invalid_request",
                "unknown field 'debug' in the request; expected [entities, service]");
    }

    @Test
    void shouldAnswer404ForUnknownService() {
        expect(post("{\"service\": \"fraud_v9\", \"entities\": []}"), 404, "unknown_service",
                "unknown feature service 'fraud_v9'; this server has [daily, fraud_fallback, fraud_strict, fraud_v1]");
    }

    @Test
    void shouldAnswer422ForEntityWithoutItsKeyField() {
        expect(post("{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}, {}]}"), 422,
                "missing_entity_field", "entities[1] has no field 'card_id', which service fraud_v1 needs");
    }

    @Test
    void shouldAnswer422ForUnknownEntityField() {
        expect(post("{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\", \"user_id\": \"u1\"}]}"),
                422, "unknown_entity_field", "entities[0] has unknown field 'user_id'; service fraud_v1 takes [card_id]");
    }

    @Test
    void shouldAnswer422ForEntityKeyThatIsNotAString() {
        expect(post("{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": 42}]}"), 422,
                "invalid_entity_key", "entities[0].card_id must be a non-empty string, got 42");
    }

    @Test
    void shouldAnswer422ForEntityThatIsNotAnObject() {
        expect(post("{\"service\": \"fraud_v1\", \"entities\": [\"c1\"]}"), 422, "invalid_entity",
                "entities[0] must be a JSON object such as {\"card_id\": \"...\"}, got \"c1\"");
    }

    @Test
    void shouldAnswer422ForMoreEntitiesThanTheConfiguredCap() {
        expect(post("{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"a\"}, {\"card_id\": \"b\"},"
                + " {\"card_id\": \"c\"}, {\"card_id\": \"d\"}]}"), 422, "too_many_entities",
                "the request has 4 entities; the limit is 3 per request");
    }

    @Test
    void shouldAnswer404ForUnknownPath() {
        expect(server.get("/v2/features"), 404, "not_found",
                "no endpoint at /v2/features; endpoints are [GET /health, GET /metrics, GET /ready, POST /v1/features]");
    }

    @Test
    void shouldAnswer405ForWrongMethod() {
        expect(server.get("/v1/features"), 405, "method_not_allowed", "/v1/features answers POST, not GET");
    }

    @Test
    void shouldAnswerWithTheCallersOwnRequestId() {
        ServerHarness.Reply reply = server.get("/health", "X-Request-Id", "checkout-7f3c9a51");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().firstValue("X-Request-Id")).contains("checkout-7f3c9a51");
    }

    @Test
    void shouldGiveEachRequestWithoutAnIdOneOfItsOwn() {
        String first = server.get("/health").headers().firstValue("X-Request-Id").orElseThrow();
        String second = server.get("/health").headers().firstValue("X-Request-Id").orElseThrow();

        assertThat(first).matches("[0-9a-f]{16}-[0-9a-z]+");
        assertThat(second).matches("[0-9a-f]{16}-[0-9a-z]+").isNotEqualTo(first);
        assertThat(second.substring(0, 17)).as("one prefix per server").isEqualTo(first.substring(0, 17));
    }

    @Test
    void shouldAnswer400ForARequestIdWithASpace() {
        ServerHarness.Reply reply = server.post("/v1/features", "{\"service\": \"fraud_v1\", \"entities\": []}",
                "X-Request-Id", "checkout 42");

        expect(reply, 400, "invalid_request_id",
                "header X-Request-Id must be 1 to 128 visible ASCII characters (no spaces), got 'checkout 42'");
        assertThat(reply.headers().firstValue("X-Request-Id")).as("an id of the server's instead")
                .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{16}-[0-9a-z]+"));
    }

    @Test
    void shouldAnswer400ForARequestIdLongerThan128Characters() {
        expect(server.get("/health", "X-Request-Id", "x".repeat(129)), 400, "invalid_request_id",
                "header X-Request-Id must be 1 to 128 visible ASCII characters (no spaces), got 129 characters");
    }

    private static ServerHarness.Reply post(String body) {
        return server.post("/v1/features", body);
    }

    private static void expect(ServerHarness.Reply reply, int status, String code, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.json().size()).as(reply.body()).isEqualTo(3);
        assertThat(reply.json().get("error").asText()).isEqualTo(code);
        assertThat(reply.json().get("message").asText()).isEqualTo(message);
        assertThat(reply.json().get("request_id").asText()).as("the id the server gave the request")
                .isEqualTo(reply.headers().firstValue("X-Request-Id").orElseThrow());
    }
}
