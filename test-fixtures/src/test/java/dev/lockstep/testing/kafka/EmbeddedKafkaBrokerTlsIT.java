package dev.lockstep.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedKafkaBrokerTlsIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withSaslSsl();

    @Test
    void shouldAdmitClientsThatLogInOverTlsTrustingItsCertificate() throws Exception {
        KAFKA.broker().createTopic("tls.smoke", 1, Map.of());

        try (Admin admin = admin(KAFKA.broker().clientSecurity())) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains("tls.smoke");
        }
        assertThat(KAFKA.broker().clientSecurity()).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
    }

    @Test
    void shouldRefuseClientsWithoutTlsOrWithoutTheTrustStore() {
        Map<String, String> plain = new HashMap<>(KAFKA.broker().clientSecurity());
        plain.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        Map<String, String> untrusting = new HashMap<>(KAFKA.broker().clientSecurity());
        untrusting.remove(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        untrusting.remove(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG);
        untrusting.remove(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG);

        try (Admin withoutTls = admin(plain); Admin withoutTrust = admin(untrusting)) {
            // A plain-text client never gets an answer it can read from a TLS listener.
            assertThatThrownBy(() -> withoutTls.listTopics().names().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            // The certificate is self-signed: without the truststore the handshake fails.
            assertThatThrownBy(() -> withoutTrust.listTopics().names().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    private static Admin admin(Map<String, String> security) {
        Map<String, Object> props = new HashMap<>(security);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        return Admin.create(props);
    }
}
