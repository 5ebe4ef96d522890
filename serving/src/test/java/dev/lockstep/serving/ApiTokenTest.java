package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.store.InMemoryOnlineStore;
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

/**
 * With API tokens, {@code /v1/...} answers only {@code Authorization: Bearer} with one of them (401 otherwise,
 * saying why, nothing dead-lettered); probes and the scraper need none; API and admin tokens open only their
 * own endpoints.
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
                .apiTokens(List.of("old-token", "new-token")).adminToken("admin-token"), 10);
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
}
