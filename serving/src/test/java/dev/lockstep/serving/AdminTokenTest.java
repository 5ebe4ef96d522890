package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.store.InMemoryOnlineStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With an admin token, {@code POST /admin/models/reload} answers only {@code Authorization: Bearer <token>}
 * (401 otherwise, saying why), while the feature and predict endpoints stay open without API tokens
 * ({@link ApiTokenTest}).
 */
class AdminTokenTest {

    private static final long NOW = FeaturesEndpointTest.NOW;
    private static final String RELOAD = "/admin/models/reload";
    private static final String PREDICT = "{\"entity\": {\"card_id\": \"c1\"}, \"request\": {\"amount\": 1}}";

    @TempDir
    Path models;
    private InMemoryOnlineStore store;
    private ServerHarness server;

    private void start(boolean withToken) {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        store = ServerHarness.exampleStore(clock);
        ExampleModels.install(models, "1", "1");
        FeatureServerBuilder builder = ServerHarness.builder(FeaturesEndpointTest.SPEC, store, clock)
                .models(ExampleModels.config(models).withPollInterval(Duration.ZERO));
        server = new ServerHarness(withToken ? builder.adminToken("s3cret-token") : builder, 10);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            store.close();
        }
    }

    @Test
    void shouldAnswerTheAdminEndpointOnlyWithTheBearerToken() {
        start(true);

        ServerHarness.Reply none = server.post(RELOAD, "");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(none.json().get("message").asText())
                .isEqualTo(RELOAD + " needs the header Authorization: Bearer <admin token> (none sent)");
        ServerHarness.Reply wrong = server.post(RELOAD, "", "Authorization", "Bearer s3cret-tokeN");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("message").asText()).endsWith("(the one sent does not match)");
        assertThat(server.post(RELOAD, "", "Authorization", "s3cret-token").status()).as("no Bearer scheme")
                .isEqualTo(401);

        // Differs from the wrong token above only in case, on the same keep-alive connection: Jetty's header
        // cache once handed back the earlier value here.
        ServerHarness.Reply right = server.post(RELOAD, "", "Authorization", "Bearer s3cret-token");
        assertThat(right.status()).as(right.body()).isEqualTo(200);
        assertThat(right.json().toString()).isEqualTo("{\"models\":{\"fraud\":{\"status\":\"unchanged\",\"version\":\"1\"}}}");
        assertThat(server.post("/v1/predict/fraud", PREDICT).status()).as("predictions need no token").isEqualTo(200);
        assertThat(server.get("/ready").status()).isIn(200, 503);
    }

    @Test
    void shouldLeaveTheAdminEndpointOpenWithoutAToken() {
        start(false);

        assertThat(server.post(RELOAD, "").status()).isEqualTo(200);
    }

    @Test
    void shouldTakeTheTokenFromTheEnvironment() {
        assertThat(ServingMain.Settings.from(Map.of("LOCKSTEP_ADMIN_TOKEN", "t0k")).adminToken()).contains("t0k");
        assertThat(ServingMain.Settings.from(Map.of("LOCKSTEP_ADMIN_TOKEN", " ")).adminToken()).isEmpty();
        assertThat(ServingMain.Settings.from(Map.of()).adminToken()).isEmpty();
    }
}
