package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.store.InMemoryOnlineStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With API tokens, {@code /v1/...} answers only {@code Authorization: Bearer} with one of them (401 otherwise,
 * saying why, nothing dead-lettered); probes and the scraper need none; API and admin tokens open only their
 * own endpoints. A token of an API grant opens only the feature services and models its grant covers (403
 * {@code forbidden} otherwise, naming what it does cover).
 */
class ApiTokenTest {

    private static final long NOW = FeaturesEndpointTest.NOW;
    private static final String FEATURES = "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}";
    private static final String PREDICT = "{\"entity\": {\"card_id\": \"c1\"}, \"request\": {\"amount\": 1}}";
    private static final String RELOAD = "/admin/models/reload";

    @TempDir
    Path models;
    private final List<FailedRequest> letters = new CopyOnWriteArrayList<>();
    private InMemoryOnlineStore store;
    private ServerHarness server;

    @BeforeEach
    void start() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        store = ServerHarness.exampleStore(clock);
        ExampleModels.install(models, "1", "1");
        server = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, clock)
                .models(ExampleModels.config(models).withPollInterval(Duration.ZERO)).deadLetters(letters::add)
                .apiTokens(List.of("old-token", "new-token")).adminToken("admin-token")
                .apiGrants(List.of(grant("checkout", "checkout-token", Set.of("fraud_v1", "daily"), Set.of()),
                        grant("scoring", "scoring-token", Set.of(), Set.of("fraud")))), 10);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void shouldRefuseTheApiWithoutAValidTokenSayingWhy() {
        ServerHarness.Reply none = server.post("/v1/features", FEATURES);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(none.headers().firstValue("Connection")).as("its body was not read").contains("close");
        assertThat(none.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(none.json().get("message").asText())
                .isEqualTo("/v1/features needs the header Authorization: Bearer <API token> (none sent)");

        ServerHarness.Reply wrong = server.post("/v1/predict/fraud", PREDICT, "Authorization", "Bearer new-tokeN");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("message").asText()).isEqualTo(
                "/v1/predict/fraud needs the header Authorization: Bearer <API token> (the one sent does not match)");
        assertThat(server.post("/v1/features", FEATURES, "Authorization", "new-token").status()).as("no Bearer scheme")
                .isEqualTo(401);
        assertThat(letters).as("a refused caller is not a failed request to replay").isEmpty();
    }

    @Test
    void shouldAnswerTheApiForEachOfTheTokens() {
        for (String token : List.of("old-token", "new-token")) {
            ServerHarness.Reply features = server.post("/v1/features", FEATURES, "Authorization", "Bearer " + token);
            assertThat(features.status()).as(features.body()).isEqualTo(200);
            ServerHarness.Reply predict = server.post("/v1/predict/fraud", PREDICT, "Authorization", "Bearer " + token);
            assertThat(predict.status()).as(predict.body()).isEqualTo(200);
        }
    }

    @Test
    void shouldKeepAnsweringAKeepAliveClientBetweenRefusals() {
        // A refused request's body is left unread; the client must not send the next one down that connection.
        for (int i = 0; i < 30; i++) {
            assertThat(server.post("/v1/features", FEATURES).status()).isEqualTo(401);
            assertThat(server.post("/v1/features", FEATURES, "Authorization", "Bearer old-token").status()).isEqualTo(200);
        }
    }

    @Test
    void shouldLeaveProbesAndTheScraperOpen() {
        assertThat(server.get("/health").status()).isEqualTo(200);
        assertThat(server.get("/ready").status()).isIn(200, 503);
        assertThat(server.get("/metrics").status()).isEqualTo(200);
    }

    @Test
    void shouldOpenOnlyTheEndpointsOfEachKindOfToken() {
        assertThat(server.post(RELOAD, "", "Authorization", "Bearer new-token").status()).isEqualTo(401);
        assertThat(server.post("/v1/features", FEATURES, "Authorization", "Bearer admin-token").status()).isEqualTo(401);
        assertThat(server.post(RELOAD, "", "Authorization", "Bearer admin-token").status()).isEqualTo(200);
    }

    @Test
    void shouldTakeCommaSeparatedTokensFromTheEnvironmentWithoutEchoingThem() {
        ServingMain.Settings settings = ServingMain.Settings.from(Map.of("LOCKSTEP_API_TOKENS", " old-token, new-token ",
                "LOCKSTEP_ADMIN_TOKEN", "admin-s3cret"));
        assertThat(settings.apiTokens()).containsExactly("old-token", "new-token");
        assertThat(settings.toString()).as("what a log line may show").doesNotContain("old-token", "new-token", "s3cret")
                .contains("apiTokens=2", "adminToken=***");
        assertThat(ServingMain.Settings.from(Map.of("LOCKSTEP_API_TOKENS", " ")).apiTokens()).isEmpty();
        assertThat(ServingMain.Settings.from(Map.of()).apiTokens()).isEmpty();
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_API_TOKENS", "s3cret,,other")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid value for environment variable LOCKSTEP_API_TOKENS: token 2 of 3 is empty "
                        + "(tokens are separated by commas)")
                .message().doesNotContain("s3cret");
        assertThatThrownBy(() -> FeatureServer.builder(FeaturesEndpointTest.SPEC, store,
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT)).apiTokens(List.of("a", " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("API token 2 of 2 is blank");
    }

    @Test
    void shouldServeOnlyTheServicesAndModelsAGrantCovers() {
        assertThat(post("/v1/features", features("fraud_v1"), "checkout-token").status()).isEqualTo(200);
        assertThat(post("/v1/features", features("daily"), "checkout-token").status()).isEqualTo(200);
        assertThat(post("/v1/predict/fraud", PREDICT, "scoring-token").status()).isEqualTo(200);

        ServerHarness.Reply otherService = post("/v1/features", features("fraud_strict"), "checkout-token");
        assertThat(otherService.status()).isEqualTo(403);
        assertThat(otherService.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(otherService.json().get("message").asText()).isEqualTo(
                "the API token of checkout may not read feature service fraud_strict; it may read [daily, fraud_v1]");
        ServerHarness.Reply model = post("/v1/predict/fraud", PREDICT, "checkout-token");
        assertThat(model.status()).isEqualTo(403);
        assertThat(model.json().get("message").asText())
                .isEqualTo("the API token of checkout may not call model fraud; it may call models none");
        ServerHarness.Reply features = post("/v1/features", features("fraud_v1"), "scoring-token");
        assertThat(features.status()).isEqualTo(403);
        assertThat(features.json().get("message").asText())
                .isEqualTo("the API token of scoring may not read feature service fraud_v1; it may read none");
        ServerHarness.Reply unknownModel = post("/v1/predict/nope", PREDICT, "checkout-token");
        assertThat(unknownModel.status()).as("refused before saying whether the model exists").isEqualTo(403);

        assertThat(letters).as("a refused caller is not a failed request to replay").isEmpty();
        assertThat(server.get("/metrics").body()).contains("lockstep_serving_errors_total{reason=\"forbidden\"} 4.0");
    }

    @Test
    void shouldStillOpenEverythingToAPlainApiTokenBesideGrants() {
        for (String service : List.of("fraud_v1", "fraud_strict", "daily")) {
            ServerHarness.Reply reply = post("/v1/features", features(service), "old-token");
            assertThat(reply.status()).as(service + ": " + reply.body()).isIn(200, 503);
            assertThat(reply.body()).doesNotContain("forbidden");
        }
        assertThat(post("/v1/predict/fraud", PREDICT, "old-token").status()).isEqualTo(200);
        assertThat(post("/v1/features", features("fraud_v1"), "unknown-token").status()).isEqualTo(401);
    }

    @Test
    void shouldRefuseToStartWithAGrantNamingAServiceTheSpecDoesNotHave() {
        FeatureServerBuilder builder = ServerHarness.builder(FeaturesEndpointTest.SPEC, store, Clock.systemUTC())
                .apiGrants(List.of(grant("typo", "t", Set.of("fraud_v2"), Set.of())));

        assertThatThrownBy(builder::start).isInstanceOf(ServingException.class)
                .hasMessage("API grant typo names feature service fraud_v2, which the spec does not have; it has "
                        + "[daily, fraud_fallback, fraud_strict, fraud_v1]");
    }

    @Test
    void shouldReadTheGrantsFileTheEnvironmentNamesWithoutEchoingTheHashes(@TempDir Path dir) throws IOException {
        String hash = HexFormat.of().formatHex(ApiGrant.sha256("checkout-token"));
        Path file = Files.writeString(dir.resolve("grants.yaml"),
                "- {name: checkout, sha256: " + hash + ", services: [fraud_v1]}\n");

        ServingMain.Settings settings = ServingMain.Settings.from(Map.of("LOCKSTEP_API_GRANTS", file.toString()));

        assertThat(settings.apiGrants()).extracting(ApiGrant::name).containsExactly("checkout");
        assertThat(settings.apiGuarded()).isTrue();
        assertThat(settings.toString()).contains("apiGrants=[checkout]").doesNotContain(hash);
        assertThat(ServingMain.Settings.from(Map.of()).apiGuarded()).isFalse();
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_API_GRANTS", missing.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid value " + missing + " for environment variable LOCKSTEP_API_GRANTS: "
                        + "cannot read the API grants file " + missing);
    }

    private static String features(String service) {
        return "{\"service\": \"" + service + "\", \"entities\": [{\"card_id\": \"c1\"}]}";
    }

    private static ApiGrant grant(String name, String token, Set<String> services, Set<String> models) {
        return new ApiGrant(name, ApiGrant.sha256(token), services, models);
    }

    private ServerHarness.Reply post(String path, String body, String token) {
        return server.post(path, body, "Authorization", "Bearer " + token);
    }
}
