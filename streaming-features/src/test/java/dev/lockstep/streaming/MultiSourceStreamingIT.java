package dev.lockstep.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.store.StreamingProgress;
import dev.lockstep.streaming.internal.SourceMetrics;
import dev.lockstep.streaming.testing.GeneratedStream;
import dev.lockstep.streaming.testing.Reference;
import dev.lockstep.streaming.testing.SourceRecordAt;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.testing.redis.RedisServerExtension;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One streaming app over a spec with two sources on two topics (3 partitions and 1, different lateness):
 * each source's tiles equal its own offline reference, each source's dead letters go to its own DLQ with
 * the right reasons, the counters are kept per source, and both topics heartbeat every partition beside
 * their partition counts.
 */
class MultiSourceStreamingIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final FeatureSpec SPEC = FeatureSpecLoader.loadResource("specs/two-sources.yaml");
    private static final SourcePlan CARDS = SourcePlan.compile(SPEC, "transactions");
    private static final SourcePlan MERCHANTS = SourcePlan.compile(SPEC, "merchant_payments");

    @TempDir
    Path stateDir;

    @Test
    void shouldComputeEachSourceIntoItsOwnGroupsDeadLettersAndHeartbeats() throws Exception {
        String cardTopic = CARDS.source().topic();
        String merchantTopic = MERCHANTS.source().topic();
        KAFKA.broker().createTopic(cardTopic, 3, Map.of("message.timestamp.type", "LogAppendTime"));
        // One partition: the generator keys records by card, so only one task may own each merchant.
        KAFKA.broker().createTopic(merchantTopic, 1, Map.of("message.timestamp.type", "LogAppendTime"));
        ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
        long now = System.currentTimeMillis();
        List<GeneratedStream.Produced> cardRecords = GeneratedStream.generate(new Transactions(wireFormat), now, 2_000, 11);
        List<GeneratedStream.Produced> merchantRecords = GeneratedStream.generate(new Transactions(wireFormat), now,
                1_500, 12);
        StreamingConfig config = StreamingConfig.of(Map.of("bootstrap.servers", KAFKA.bootstrapServers(),
                "replication.factor", "1", "state.dir", stateDir.toString(),
                "watermark.heartbeat.interval.ms", "500", "application.id", "lockstep-multi-source"), Map.of());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (KafkaTopics kafka = new KafkaTopics(KAFKA.bootstrapServers());
             RedisOnlineStore store = RedisOnlineStore.connect(REDIS.uri(), OnlineStoreLayouts.of(SPEC),
                     Clock.systemUTC());
             StreamingApp app = new StreamingApp(config, SPEC,
                     new TopologyServices(wireFormat, store, meters, Clock.systemUTC()))) {
            kafka.produce(cardTopic, cardRecords);
            kafka.produce(merchantTopic, merchantRecords);
            List<SourceRecordAt> cardArrived = kafka.readAll(cardTopic, cardRecords.size());
            List<SourceRecordAt> merchantArrived = kafka.readAll(merchantTopic, merchantRecords.size());
            Reference cards = Reference.of(CARDS, wireFormat, cardArrived);
            Reference merchants = Reference.of(MERCHANTS, wireFormat, merchantArrived);
            assertThat(merchants.rejections().size()).as("its own, tighter lateness rejects more of the same records")
                    .isGreaterThan(Reference.of(CARDS, wireFormat, merchantArrived).rejections().size());

            app.start();

            long deadline = System.currentTimeMillis() + 90_000;
            Settle.assertDeadLetters(kafka, wireFormat, cardTopic + ".dlq", cards, deadline);
            Settle.assertDeadLetters(kafka, wireFormat, merchantTopic + ".dlq", merchants, deadline);
            Settle.assertTiles(store, "card_txn", cards, deadline);
            Settle.assertTiles(store, "merchant_txn", merchants, deadline);
            assertThat(count(meters, "transactions", "accepted")).isEqualTo(cards.accepted().size());
            assertThat(count(meters, "merchant_payments", "accepted")).isEqualTo(merchants.accepted().size());
            assertThat(count(meters, "transactions", "rejected")).isEqualTo(cards.rejections().size());
            assertThat(count(meters, "merchant_payments", "rejected")).isEqualTo(merchants.rejections().size());

            long settledAt = System.currentTimeMillis();
            while (!(caughtUp(store, "card_txn", cardTopic, 3, settledAt)
                    && caughtUp(store, "merchant_txn", merchantTopic, 1, settledAt))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(caughtUp(store, "card_txn", cardTopic, 3, settledAt)).as(cardTopic + " caught up").isTrue();
            assertThat(caughtUp(store, "merchant_txn", merchantTopic, 1, settledAt)).as(merchantTopic + " caught up").isTrue();
        }
    }

    private static boolean caughtUp(RedisOnlineStore store, String group, String topic, int partitions, long since) {
        StreamingProgress progress = store.streamingProgress(group, topic);
        return progress.partitionCount().equals(OptionalInt.of(partitions))
                && progress.heartbeats().size() == partitions
                && progress.watermark().orElse(Long.MIN_VALUE) >= since - 1;
    }

    private static long count(SimpleMeterRegistry meters, String source, String outcome) {
        return Math.round(meters.find(SourceMetrics.RECORDS).tag("source", source).tag("outcome", outcome).counters()
                .stream().mapToDouble(c -> c.count()).sum());
    }
}
