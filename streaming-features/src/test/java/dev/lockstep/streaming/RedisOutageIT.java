package dev.lockstep.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.streaming.testing.GeneratedStream;
import dev.lockstep.streaming.testing.Reference;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.testing.redis.RedisServerExtension;
import dev.lockstep.testing.redis.RedisServerProcess;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RedisOutageIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final SourcePlan PLAN = SourcePlan.compile(Transactions.SPEC, Transactions.SOURCE);

    @TempDir
    Path stateDir;

    @Test
    void shouldNeitherLoseNorDoubleCountTileUpdatesAcrossARedisOutage() throws Exception {
        ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
        List<GeneratedStream.Produced> produced = GeneratedStream.generate(new Transactions(wireFormat),
                System.currentTimeMillis(), 2_000, 7);
        // A short retry window, so the outage exercises both the retry and the failed-commit path; a
        // short session timeout, so the replaced stream thread's old group member expires quickly.
        StreamingConfig config = StreamingConfig.of(Map.of("bootstrap.servers", KAFKA.bootstrapServers(),
                "replication.factor", "1", "source.partitions", "2", "state.dir", stateDir.toString(),
                "store.retry.timeout.ms", "1000", "application.id", "lockstep-outage-it",
                "streams.session.timeout.ms", "6000", "streams.heartbeat.interval.ms", "1000"), Map.of());
        RedisServerProcess restarted = null;
        try (KafkaTopics kafka = new KafkaTopics(KAFKA.bootstrapServers());
             RedisOnlineStore store = RedisOnlineStore.connect(REDIS.uri(), OnlineStoreLayouts.of(Transactions.SPEC),
                     Clock.systemUTC());
             StreamingApp app = new StreamingApp(config, Transactions.SPEC,
                     new TopologyServices(wireFormat, store, new SimpleMeterRegistry(), Clock.systemUTC()))) {
            app.start();
            REDIS.server().kill();
            kafka.produce(Transactions.TOPIC, produced);
            Reference reference = Reference.of(PLAN, wireFormat, kafka.readAll(Transactions.TOPIC, produced.size()));

            long outageEnds = System.currentTimeMillis() + 4_000;
            while (System.currentTimeMillis() < outageEnds) {
                Thread.sleep(200);
            }
            assertThat(app.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
            restarted = REDIS.server().restartOnSamePort();

            long deadline = System.currentTimeMillis() + 90_000;
            Settle.assertDeadLetters(kafka, wireFormat, Transactions.TOPIC + ".dlq", reference, deadline);
            Settle.assertTiles(store, "card_txn", reference, deadline);
        } finally {
            if (restarted != null) {
                restarted.close();
            }
        }
    }
}
