package dev.lockstep.testing.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import dev.lockstep.testing.FixtureException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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

    private final KafkaClusterTestKit cluster;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        // A JVM asked to exit (Ctrl-C, System.exit) still stops the broker and deletes its log dirs.
        this.shutdownHook = new Thread(this::closeQuietly, "embedded-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Formats and starts a fresh broker in a temporary directory and waits until it accepts requests. */
    public static EmbeddedKafkaBroker start() {
        long started = System.nanoTime();
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(true);
            SINGLE_NODE_SETTINGS.forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(cluster);
            log.info("Kafka broker ready at {} in {} ms", broker.bootstrapServers(),
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

    /** A new admin client; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
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
