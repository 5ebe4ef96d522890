package dev.lockstep.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.store.WriteReport;
import dev.lockstep.streaming.testing.GeneratedStream;
import dev.lockstep.streaming.testing.Reference;
import dev.lockstep.streaming.testing.SourceRecordAt;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.testing.redis.RedisServerExtension;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a cluster that admits only SASL clients over TLS (a self-signed certificate the client properties
 * truststore holds), a Kafka client properties file
 * ({@code kafka.client.config}) is all the app needs: it sets up its topics, streams exactly the
 * reference's tiles and dead letters, and its one-shot commands (rebuild, re-injection) read and write
 * with the same settings.
 */
class SecuredKafkaIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withSaslSsl();
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final SourcePlan PLAN = SourcePlan.compile(Transactions.SPEC, Transactions.SOURCE);

    @TempDir
    Path dir;

    @Test
    void shouldStreamRebuildAndReinjectThroughTheClientConfigFile() throws Exception {
        Path clientConfig = dir.resolve("kafka-client.properties");
        Files.writeString(clientConfig, KAFKA.broker().clientSecurity().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\")).collect(Collectors.joining("\n")));
        StreamingConfig config = StreamingConfig.of(Map.of("bootstrap.servers", KAFKA.bootstrapServers(),
                "kafka.client.config", clientConfig.toString(), "replication.factor", "1", "source.partitions", "2",
                "state.dir", dir.resolve("state").toString(), "watermark.heartbeat.interval.ms", "500",
                "application.id", "lockstep-sasl"), Map.of());
        assertThat(config.kafka().settings()).isEqualTo(KAFKA.broker().clientSecurity());
        ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
        List<GeneratedStream.Produced> records = GeneratedStream.generate(new Transactions(wireFormat),
                System.currentTimeMillis(), 600, 21);
        try (KafkaTopics kafka = new KafkaTopics(config.kafka());
             RedisOnlineStore store = RedisOnlineStore.connect(REDIS.uri(), OnlineStoreLayouts.of(Transactions.SPEC),
                     Clock.systemUTC());
             StreamingApp app = new StreamingApp(config, Transactions.SPEC,
                     new TopologyServices(wireFormat, store, new SimpleMeterRegistry(), Clock.systemUTC()))) {
            app.start(); // creates the source topic, as LogAppendTime, through the secured admin client
            kafka.produce(Transactions.TOPIC, records);
            List<SourceRecordAt> arrived = kafka.readAll(Transactions.TOPIC, records.size());
            Reference reference = Reference.of(PLAN, wireFormat, arrived);
            long deadline = System.currentTimeMillis() + 90_000;
            Settle.assertDeadLetters(kafka, wireFormat, Transactions.TOPIC + ".dlq", reference, deadline);
            Settle.assertTiles(store, "card_txn", reference, deadline);

            store.deleteAll();
            WriteReport rebuilt = new TileTopicRebuild(config.kafka(), config.topology().tilesTopic(), store, 500)
                    .run(Duration.ofSeconds(60));
            assertThat(rebuilt.written()).isPositive();
            Settle.assertTiles(store, "card_txn", reference, deadline);

            long undecodable = reference.rejections().values().stream()
                    .filter(reason -> reason == RejectReason.UNDECODABLE).count();
            DeadLetterReinjection.Report listed = new DeadLetterReinjection(config.kafka(), wireFormat,
                    config.applicationId()).run(Transactions.TOPIC, Transactions.TOPIC + ".dlq", RejectReason.UNDECODABLE,
                    true, Duration.ofSeconds(60), line -> { });
            assertThat(listed.read()).isEqualTo(reference.rejections().size());
            assertThat(listed.sent()).isEqualTo(undecodable).isPositive();
        }
    }
}
