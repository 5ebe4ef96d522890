package dev.lockstep.streaming.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.streaming.ShuttingDownInstance;
import dev.lockstep.streaming.StreamingConfig;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.testing.redis.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} as a real process, when Kafka Streams stops processing on its own (state ERROR): it exits with
 * code 1 through its shutdown hook instead of staying up looking alive, so a supervisor restarts it.
 */
class StreamingMainErrorExitIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @TempDir
    Path dir;

    @Test
    void shouldExitWithCodeOneWhenAnotherInstanceShutsTheApplicationDown() throws Exception {
        String applicationId = "lockstep-run-error-it";
        Path config = StreamingMainRunIT.writeConfig(dir, KAFKA.bootstrapServers(), REDIS.uri(),
                // A short session timeout: the failed instance's members do not leave the group, and the
                // rebalance that carries the shutdown waits for them to expire.
                applicationId, 2, "streams.session.timeout.ms=6000", "streams.heartbeat.interval.ms=1000");
        Path log = dir.resolve("run-error.log");
        Process child = StreamingMainRunIT.startRun(config, log);
        StreamingConfig settings = CommandServices.config(config, Map.of());
        FeatureSpec spec = CommandServices.spec(settings);
        try (RedisOnlineStore store = RedisOnlineStore.connect(REDIS.uri(), List.of(), Clock.systemUTC());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            StreamingMainRunIT.awaitMetricsUrl(child, log);
            // A second instance of the same application in this JVM asks to shut the group down; Kafka
            // Streams then moves the child to ERROR too.
            try (ShuttingDownInstance other = new ShuttingDownInstance(settings, spec,
                    CommandServices.wireFormat(settings), store, dir.resolve("other-state"))) {
                other.start();
                long deadline = System.currentTimeMillis() + 90_000;
                // Records that are not in the wire format, to both partitions until whichever the second
                // instance is given reaches it (the child dead-letters its own, as it should).
                while (child.isAlive() && System.currentTimeMillis() < deadline) {
                    for (int partition = 0; partition < 2; partition++) {
                        producer.send(new ProducerRecord<>(Transactions.TOPIC, partition,
                                "card-1".getBytes(StandardCharsets.UTF_8),
                                "not avro".getBytes(StandardCharsets.UTF_8)));
                    }
                    producer.flush();
                    child.waitFor(500, TimeUnit.MILLISECONDS);
                }
                assertThat(child.isAlive()).as("run exited after Kafka Streams stopped in ERROR; log:\n%s",
                        Files.readString(log, StandardCharsets.UTF_8)).isFalse();
            }
            assertThat(child.exitValue()).isEqualTo(1);
            assertThat(Files.readString(log, StandardCharsets.UTF_8))
                    .contains("Kafka Streams of " + applicationId + " stopped in state ERROR")
                    .contains("exiting with code 1")
                    .contains("stopping " + applicationId);
        } finally {
            child.destroyForcibly();
        }
    }

}
