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
    void withAClientTruststoreAnswersOnlyClientsPresentingATrustedCertificate() throws Exception {
        HttpsConfig https = new HttpsConfig(TestTls.serverKeyStore(), TestTls.PASSWORD)
                .requiringClientCertificates(TestTls.clientTrustStore(), TestTls.PASSWORD);
        try (InMemoryOnlineStore store = ServerHarness.exampleStore(CLOCK);
             FeatureServer server = FeatureServer.builder(FeaturesEndpointTest.SPEC, store,
                     new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                     .config(ServingConfig.defaults(0).withHost("127.0.0.1").withStalenessCheckInterval(Duration.ZERO))
                     .clock(CLOCK).https(https).start()) {
            HttpRequest features = HttpRequest.newBuilder(server.uri().resolve("/v1/features"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}")).build();

            HttpClient client = HttpClient.newBuilder().sslContext(TestTls.clientContext(TestTls.clientKeyStore())).build();
            HttpResponse<String> answered = client.send(features, HttpResponse.BodyHandlers.ofString());
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);

            // No certificate, or one the server does not trust: refused at the handshake, before any request.
            for (HttpClient refused : new HttpClient[] {
                    HttpClient.newBuilder().sslContext(TestTls.clientContext()).build(),
                    HttpClient.newBuilder().sslContext(TestTls.clientContext(TestTls.strangerKeyStore())).build()}) {
                assertThatThrownBy(() -> refused.send(features, HttpResponse.BodyHandlers.ofString()))
                        .isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void shouldNameAClientTruststoreWithoutHttpsOrPasswordAndAnUnreadableOne() {
        String keyStore = TestTls.serverKeyStore().toString();
        String trustStore = TestTls.clientTrustStore().toString();
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE", trustStore)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE is set to '" + trustStore
                        + "' but LOCKSTEP_HTTPS_KEYSTORE is not: client certificates need HTTPS");
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_HTTPS_KEYSTORE", keyStore,
                "LOCKSTEP_HTTPS_KEYSTORE_PASSWORD", TestTls.PASSWORD, "LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE", trustStore)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("but LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE_PASSWORD is not set");
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_HTTPS_KEYSTORE", keyStore,
                "LOCKSTEP_HTTPS_KEYSTORE_PASSWORD", TestTls.PASSWORD, "LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE", "/nope/ca.p12",
                "LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE_PASSWORD", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid value '/nope/ca.p12' for environment variable LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE: "
                        + "HTTPS client truststore /nope/ca.p12 is not a readable file");
        HttpsConfig mutual = ServingMain.Settings.from(Map.of("LOCKSTEP_HTTPS_KEYSTORE", keyStore,
                "LOCKSTEP_HTTPS_KEYSTORE_PASSWORD", TestTls.PASSWORD, "LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE", trustStore,
                "LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE_PASSWORD", "secret")).https().orElseThrow();
        assertThat(mutual.clientTrustStore()).contains(TestTls.clientTrustStore());
        assertThat(mutual.toString()).doesNotContain("secret").doesNotContain(TestTls.PASSWORD);
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
