package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.testing.TestTls;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The serving port over HTTPS with a keystore (a self-signed test certificate, made by {@code TestTls}): a
 * client that trusts it gets answers; one that does not is refused at the handshake; plain HTTP gets no answer.
 */
class HttpsIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldAnswerOverTlsOnlyClientsThatTrustItsCertificate() throws Exception {
        HttpsConfig https = new HttpsConfig(TestTls.serverKeyStore(), TestTls.PASSWORD);
        try (InMemoryOnlineStore store = ServerHarness.exampleStore(CLOCK);
             FeatureServer server = FeatureServer.builder(FeaturesEndpointTest.SPEC, store,
                     new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                     .config(ServingConfig.defaults(0).withHost("127.0.0.1").withStalenessCheckInterval(Duration.ZERO))
                     .clock(CLOCK).https(https).start()) {
            assertThat(server.uri().toString()).isEqualTo("https://127.0.0.1:" + server.port());

            HttpClient trusting = HttpClient.newBuilder().sslContext(TestTls.clientContext()).build();
            HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(server.uri().resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> features = trusting.send(HttpRequest.newBuilder(server.uri().resolve("/v1/features"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(features.statusCode()).as(features.body()).isEqualTo(200);

            HttpClient defaultTrust = HttpClient.newHttpClient();
            assertThatThrownBy(() -> defaultTrust.send(HttpRequest.newBuilder(server.uri().resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
            URI plain = URI.create("http://127.0.0.1:" + server.port() + "/health");
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(plain)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void shouldNameAMissingKeystoreAndAMissingPassword() {
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_HTTPS_KEYSTORE", "/nope/server.p12",
                "LOCKSTEP_HTTPS_KEYSTORE_PASSWORD", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid value '/nope/server.p12' for environment variable LOCKSTEP_HTTPS_KEYSTORE: "
                        + "HTTPS keystore /nope/server.p12 is not a readable file");
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_HTTPS_KEYSTORE",
                TestTls.serverKeyStore().toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("but LOCKSTEP_HTTPS_KEYSTORE_PASSWORD is not set");
        assertThat(ServingMain.Settings.from(Map.of("LOCKSTEP_HTTPS_KEYSTORE", TestTls.serverKeyStore().toString(),
                "LOCKSTEP_HTTPS_KEYSTORE_PASSWORD", TestTls.PASSWORD)).https())
                .contains(new HttpsConfig(TestTls.serverKeyStore(), TestTls.PASSWORD));
        assertThat(ServingMain.Settings.from(Map.of()).https()).isEmpty();
    }
}
