package dev.lockstep.testing.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import dev.lockstep.testing.FixtureException;
import dev.lockstep.testing.TestTls;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node KRaft Kafka broker running in this JVM (combined broker + controller), on random
 * ports. Used by integration tests and by the embedded default stack.
 *
 * <p>The broker's threads are non-daemon: an unclosed broker keeps the JVM alive, so always close it
 * (try-with-resources, or {@link KafkaBrokerExtension}, which also closes it when a test fails).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    /** Settings a one-node cluster needs: every internal topic with one replica, no rebalance delay. */
    private static final Map<String, String> SINGLE_NODE_SETTINGS = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "4",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "4",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "false");

    /** The super user the test kit's SASL/PLAIN broker knows (its JAAS file), and so the one clients log in as. */
    private static final String SASL_USER = JaasUtils.KAFKA_PLAIN_ADMIN;
    private static final String SASL_PASSWORD = JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD;
    private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule required";

    private final KafkaClusterTestKit cluster;
    private final Map<String, String> clientSecurity;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster, Map<String, String> clientSecurity) {
        this.cluster = cluster;
        this.clientSecurity = clientSecurity;
        // A JVM asked to exit (Ctrl-C, System.exit) still stops the broker and deletes its log dirs.
        this.shutdownHook = new Thread(this::closeQuietly, "embedded-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Formats and starts a fresh broker in a temporary directory and waits until it accepts requests. */
    public static EmbeddedKafkaBroker start() {
        return start(SecurityProtocol.PLAINTEXT, Map.of(), (listener, controller) -> Map.of());
    }

    /**
     * As {@link #start()}, but clients must log in with SASL/PLAIN (no TLS), as the user of
     * {@link #clientSecurity()}; a logged-in client may do anything (no authorizer). The test kit names the
     * broker's users in a JAAS file it sets as this JVM's {@code java.security.auth.login.config}, which
     * only SASL listeners and clients read.
     */
    public static EmbeddedKafkaBroker startWithSaslPlain() {
        return start(SecurityProtocol.SASL_PLAINTEXT, saslLogin(SecurityProtocol.SASL_PLAINTEXT), (listener, controller) -> Map.of());
    }

    /**
     * As {@link #startWithSaslPlain()}, over TLS ({@code SASL_SSL}): the listener presents {@link TestTls}'s
     * self-signed certificate for localhost and 127.0.0.1, and {@link #clientSecurity()} adds a truststore
     * holding it (host names are verified, as clients do by default). The test kit sets SASL up only for
     * {@code SASL_PLAINTEXT}, so the mechanism, the listener's users and the key store are configured here.
     */
    public static EmbeddedKafkaBroker startWithSaslSsl() {
        Map<String, String> client = new HashMap<>(saslLogin(SecurityProtocol.SASL_SSL));
        client.putAll(trustStore());
        // The kit builds only PLAINTEXT and SASL_PLAINTEXT listeners: it is given PLAINTEXT, and the listener's
        // protocol is overridden here (the kit keeps a protocol map it is given).
        return start(SecurityProtocol.PLAINTEXT, Map.copyOf(client), (listener, controller) -> {
            Map<String, String> broker = new HashMap<>(trustStore()); // for the broker's connections to itself
            broker.put("listener.security.protocol.map", listener + ":" + SecurityProtocol.SASL_SSL.name + ","
                    + controller + ":" + SecurityProtocol.PLAINTEXT.name);
            broker.put("sasl.enabled.mechanisms", "PLAIN");
            broker.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            broker.put("listener.name." + listener.toLowerCase(java.util.Locale.ROOT) + ".plain.sasl.jaas.config",
                    PLAIN_LOGIN + " username=\"" + SASL_USER + "\" password=\"" + SASL_PASSWORD + "\" user_" + SASL_USER
                            + "=\"" + SASL_PASSWORD + "\";");
            broker.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, TestTls.serverKeyStore().toString());
            broker.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, TestTls.PASSWORD);
            broker.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, TestTls.PASSWORD);
            broker.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
            return broker;
        });
    }

    private static Map<String, String> saslLogin(SecurityProtocol protocol) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.name,
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, PLAIN_LOGIN + " username=\"" + SASL_USER + "\" password=\"" + SASL_PASSWORD + "\";");
    }

    private static Map<String, String> trustStore() {
        return Map.of(
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, TestTls.trustStore().toString(),
                SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TestTls.PASSWORD,
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
    }

    /**
     * @param brokerSettings the broker's settings beyond the kit's, given the names of its client and controller
     *                       listeners
     */
    private static EmbeddedKafkaBroker start(SecurityProtocol protocol, Map<String, String> clientSecurity,
                                             BiFunction<String, String, Map<String, String>> brokerSettings) {
        long started = System.nanoTime();
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBrokerSecurityProtocol(protocol)
                    .setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(true);
            SINGLE_NODE_SETTINGS.forEach(builder::setConfigProp);
            brokerSettings.apply(nodes.brokerListenerName().value(), nodes.controllerListenerName().value())
                    .forEach(builder::setConfigProp);
            // Authentication only: the kit would add an authorizer that also refuses the controller's own
            // (unauthenticated, PLAINTEXT) registrations. Clients must still log in on the SASL listener.
            builder.setConfigProp("authorizer.class.name", "");
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(cluster, clientSecurity);
            log.info("Kafka broker ready at {} ({}) in {} ms", broker.bootstrapServers(),
                    clientSecurity.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.name),
                    (System.nanoTime() - started) / 1_000_000);
            return broker;
        } catch (Exception e) {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new FixtureException("failed to start the embedded Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * What a client needs besides {@code bootstrap.servers} to reach this broker: nothing for a plain one;
     * for a SASL one, the security protocol, mechanism and login; over TLS, also the truststore.
     */
    public Map<String, String> clientSecurity() {
        return clientSecurity;
    }

    /** A new admin client; the caller closes it. */
    public Admin admin() {
        Map<String, Object> props = new HashMap<>(clientSecurity);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    /** Creates a topic with one replica and the given topic-level configs, and waits for it. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
            admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            throw new FixtureException("failed to create topic " + name + " with " + partitions
                    + " partitions and configs " + configs, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FixtureException("interrupted while creating topic " + name, e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook itself is running this close; nothing to remove.
        }
        try {
            cluster.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FixtureException("interrupted while stopping the embedded Kafka broker", e);
        } catch (Exception e) {
            throw new FixtureException("failed to stop the embedded Kafka broker cleanly", e);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            log.warn("embedded Kafka broker did not stop cleanly at JVM exit", e);
        }
    }
}
