package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.store.InMemoryOnlineStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/predict/{model}} over the example model: inputs, response, each failure class. */
class PredictEndpointTest {

    static final long NOW = FeaturesEndpointTest.NOW;
    static final long MINUTE = FeaturesEndpointTest.MINUTE;

    @TempDir
    Path models;
    private final TileFixture events = new TileFixture(FeaturesEndpointTest.SPEC);
    private final List<FailedRequest> letters = new CopyOnWriteArrayList<>();
    private InMemoryOnlineStore store;
    private ServerHarness server;

    @BeforeEach
    void start() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        store = ServerHarness.exampleStore(clock);
        events.txn("c1", NOW - 3 * MINUTE, NOW - 3 * MINUTE + 200, 42.0, "m1", "FR")
                .txn("c1", NOW - 25 * MINUTE, NOW - 25 * MINUTE, 18.5, "m2", "FR")
                .txn("c1", NOW - 26 * 60 * MINUTE, NOW - 26 * 60 * MINUTE, 120.0, "m3", "DE")
                .writeTo(store);
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 2_300, NOW);
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 1, NOW - 1_500, NOW);
        ExampleModels.install(models, "1", "1");
        server = start(clock, Duration.ofSeconds(10));
    }

    private ServerHarness start(Clock clock, Duration inferenceTimeout) {
        ModelConfig config = ModelConfig.defaults(models).withPollInterval(Duration.ZERO)
                .withInferenceTimeout(inferenceTimeout);
        return new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, clock).models(config)
                .deadLetters(letters::add), 10);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void shouldScoreTheServedFeaturesAndRequestFieldsInTheManifestsColumnOrder() {
        ServerHarness.Reply reply = server.post("/v1/predict/fraud",
                "{\"entity\": {\"card_id\": \"c1\"}, \"request\": {\"amount\": 250.0}}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        Map<String, Object> expected = events.expected("card_txn", "c1", NOW);
        float avg30d = ((Number) expected.get("amount_avg_30d")).floatValue();
        float reference = ExampleModels.score("1", avg30d, 42.0f, 60.5f, 2f, 1f, 250f);
        assertThat(body.get("model").asText()).isEqualTo("fraud");
        assertThat(body.get("model_version").asText()).isEqualTo("1");
        assertThat(body.get("service").asText()).isEqualTo("fraud_v1");
        assertThat(body.get("read_time_ms").asLong()).isEqualTo(NOW);
        assertThat(body.at("/prediction/fraud_probability").floatValue()).isEqualTo(reference);
        assertThat(body.get("entity").toString()).isEqualTo("{\"card_id\":\"c1\"}");
        assertThat(body.get("request").toString()).isEqualTo("{\"amount\":250.0}");
        assertThat(body.get("features").toString()).isEqualTo("{"
                + "\"card_txn.amount_avg_30d\":{\"value\":" + expected.get("amount_avg_30d") + ",\"input\":"
                + expected.get("amount_avg_30d") + ",\"age_ms\":2300,\"status\":\"fresh\"},"
                + "\"card_txn.amount_max_24h\":{\"value\":42.0,\"input\":42.0,\"age_ms\":2300,\"status\":\"fresh\"},"
                + "\"card_txn.amount_sum_1h\":{\"value\":60.5,\"input\":60.5,\"age_ms\":2300,\"status\":\"fresh\"},"
                + "\"card_txn.merchants_24h\":{\"value\":2,\"input\":2.0,\"age_ms\":2300,\"status\":\"fresh\"},"
                + "\"card_txn.txn_count_10m\":{\"value\":1,\"input\":1.0,\"age_ms\":2300,\"status\":\"fresh\"}}");
    }

    @Test
    void shouldFeedTheManifestDefaultsForAnEntityWithoutTiles() {
        JsonNode body = server.post("/v1/predict/fraud",
                "{\"entity\": {\"card_id\": \"c404\"}, \"request\": {\"amount\": 12}}").json();

        assertThat(body.at("/prediction/fraud_probability").floatValue())
                .isEqualTo(ExampleModels.score("1", 0f, 0f, 0f, 0f, 0f, 12f));
        assertThat(body.at("/features/card_txn.amount_max_24h").toString())
                .isEqualTo("{\"value\":null,\"input\":0.0,\"age_ms\":2300,\"status\":\"missing\"}");
        assertThat(body.at("/features/card_txn.txn_count_10m").toString())
                .isEqualTo("{\"value\":0,\"input\":0.0,\"age_ms\":2300,\"status\":\"missing\"}");
    }

    @Test
    void shouldAnswerEachClientErrorWithItsStatusAndReasonAndNotDeadLetterIt() {
        assertError(server.post("/v1/predict/fraud2", "{\"entity\": {\"card_id\": \"c1\"}, \"request\": {\"amount\": 1}}"),
                404, "unknown_model", "unknown model 'fraud2'; this server has [fraud]");
        assertError(server.post("/v1/predict/fraud", "{\"entity\": {\"card_id\": \"c1\"}}"),
                422, "missing_request_field", "request has no field 'amount', which model fraud version 1 needs");
        assertError(server.post("/v1/predict/fraud", "{\"entity\": {\"card_id\": \"c1\"}, \"request\": {\"amount\": \"250\"}}"),
                422, "invalid_request_field", "request.amount must be a number, got \"250\"");
        assertError(server.post("/v1/predict/fraud", "{\"entity\": {\"card_id\": \"c1\"}, \"request\": {\"amount\": 1, \"mcc\": 5411}}"),
                422, "unknown_request_field", "request has unknown field 'mcc'; model fraud version 1 takes [amount]");
        assertError(server.post("/v1/predict/fraud", "{\"entity\": {\"card\": \"c1\"}, \"request\": {\"amount\": 1}}"),
                422, "unknown_entity_field", "entity has unknown field 'card'; service fraud_v1 takes [card_id]");
        assertError(server.post("/v1/predict/fraud", "{\"card_id\": \"c1\"}"),
                400, "invalid_request", "unknown field 'card_id' in the request; expected [entity, request]");
        assertError(server.post("/v1/predict/fraud", "{\"request\": {}}"),
                400, "invalid_request", "field 'entity' is required and must be an object");
        assertThat(letters).isEmpty();
    }

    @Test
    void shouldAnswerModelUnavailableAndNotReadyWhileNoVersionLoadsAndDeadLetterTheRequest() throws Exception {
        server.close();
        deleteVersions();
        Files.createDirectories(models.resolve("fraud").resolve("1"));
        Files.writeString(models.resolve("fraud").resolve("1").resolve("manifest.json"), "{}");
        server = start(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), Duration.ofSeconds(10));
        String request = "{\"entity\": {\"card_id\": \"c1\"}, \"request\": {\"amount\": 250.0}}";

        ServerHarness.Reply reply = server.post("/v1/predict/fraud", request);

        assertError(reply, 503, "model_unavailable", "model fraud has no loaded version; the server log says why");
        assertThat(server.get("/ready").json().toString()).isEqualTo(
                "{\"ready\":false,\"reason\":\"no version loaded for model(s) [fraud]\"}");
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).endpoint()).isEqualTo("/v1/predict/fraud");
        assertThat(letters.get(0).service()).isEqualTo("fraud");
        assertThat(letters.get(0).error()).isEqualTo("model_unavailable");
        assertThat(new String(letters.get(0).body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(request);
    }

    @Test
    void shouldBeReadyOnceTheModelIsLoaded() {
        assertThat(server.get("/ready").json().toString()).isEqualTo("{\"ready\":true}");
    }

    @Test
    void shouldAnswerInferenceTimeoutWhenTheModelIsSlowerThanTheDeadlineAndDeadLetterIt() throws Exception {
        server.close();
        deleteVersions();
        ExampleModels.installSlow(models, "1");
        server = start(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), Duration.ofMillis(50));

        ServerHarness.Reply reply = server.post("/v1/predict/fraud",
                "{\"entity\": {\"card_id\": \"c1\"}, \"request\": {\"amount\": 250.0}}");

        assertError(reply, 504, "inference_timeout", "model fraud version 1 did not answer within 50 ms");
        assertThat(letters).extracting(FailedRequest::error).containsExactly("inference_timeout");
    }

    @Test
    void shouldPublishInferenceLatencyAndThePredictionDistribution() {
        server.post("/v1/predict/fraud", "{\"entity\": {\"card_id\": \"c1\"}, \"request\": {\"amount\": 250.0}}");

        String metrics = server.get("/metrics").body();

        assertThat(metrics).contains("lockstep_serving_inference_seconds_count{model=\"fraud\"} 1")
                .contains("lockstep_serving_prediction_count{field=\"fraud_probability\",model=\"fraud\"} 1")
                .contains("lockstep_serving_model_loaded{model=\"fraud\"} 1")
                .contains("lockstep_serving_model_loads_total{model=\"fraud\",outcome=\"loaded\"} 1")
                .contains("lockstep_serving_stage_seconds_count{group=\"card_txn\",stage=\"feature_read\"} 1");
    }

    private void deleteVersions() throws Exception {
        try (var paths = Files.walk(models)) {
            paths.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(models)).forEach(p -> p.toFile().delete());
        }
    }

    static void assertError(ServerHarness.Reply reply, int status, String error, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.json().get("error").asText()).isEqualTo(error);
        assertThat(reply.json().get("message").asText()).isEqualTo(message);
    }
}
