package dev.lockstep.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.streaming.testing.GeneratedStream;
import dev.lockstep.streaming.testing.Reference;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.testing.redis.RedisServerExtension;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A feature group changed in place (same name, a feature redefined) meets the open tiles its old definition left
 * in the state stores: the stream thread would fail on them for ever if replaced, so the instance shuts down
 * instead, naming the fingerprint and the procedure to follow.
 */
class GroupChangedInPlaceIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final SourcePlan PLAN = SourcePlan.compile(Transactions.SPEC, Transactions.SOURCE);

    @TempDir
    Path stateDir;

    @Test
    void shouldShutDownNamingTheFingerprintInsteadOfReplacingTheStreamThreadForEver() throws Exception {
        ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
        StreamingConfig config = StreamingConfig.of(Map.of("bootstrap.servers", KAFKA.bootstrapServers(),
                "replication.factor", "1", "source.partitions", "1", "state.dir", stateDir.toString(),
                "application.id", "lockstep-in-place-it"), Map.of());
        long now = System.currentTimeMillis();
        List<GeneratedStream.Produced> before = GeneratedStream.generate(new Transactions(wireFormat), now, 300, 7);
        try (KafkaTopics kafka = new KafkaTopics(KAFKA.bootstrapServers());
             RedisOnlineStore store = RedisOnlineStore.connect(REDIS.uri(), OnlineStoreLayouts.of(Transactions.SPEC),
                     Clock.systemUTC())) {
            TopologyServices services = new TopologyServices(wireFormat, store, new SimpleMeterRegistry(),
                    Clock.systemUTC());
            try (StreamingApp app = new StreamingApp(config, Transactions.SPEC, services)) {
                app.start();
                kafka.produce(Transactions.TOPIC, before);
                Reference reference = Reference.of(PLAN, wireFormat, kafka.readAll(Transactions.TOPIC, before.size()));
                Settle.assertTiles(store, "card_txn", reference, System.currentTimeMillis() + 90_000);
            }

            try (StreamingApp changed = new StreamingApp(config, sumRedefinedAsMin(), services)) {
                changed.start();
                // The same cards, so their open tiles, written under the old definition, are read.
                kafka.produce(Transactions.TOPIC, GeneratedStream.generate(new Transactions(wireFormat), now, 50, 8));

                String reason = changed.stoppedInError().toCompletableFuture().get(90, TimeUnit.SECONDS);

                assertThat(reason).contains("stopped in state ERROR")
                        .contains("a stored tile cannot be read with this spec (fingerprint")
                        .contains("was a feature group changed in place?")
                        .contains("Change a feature group's definition");
                assertThat(changed.state()).isEqualTo(KafkaStreams.State.ERROR);
            }
        }
    }

    /** The example spec with card_txn's amount_sum_1h redefined (a min, under the same name and group). */
    private static FeatureSpec sumRedefinedAsMin() throws Exception {
        String yaml;
        try (InputStream in = GroupChangedInPlaceIT.class.getClassLoader()
                .getResourceAsStream("examples/fraud/features.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String redefined = yaml.replace("{name: amount_sum_1h,  agg: sum,", "{name: amount_sum_1h,  agg: min,");
        assertThat(redefined).isNotEqualTo(yaml);
        return FeatureSpecLoader.load(redefined, Path.of("."), "features.yaml (amount_sum_1h redefined)");
    }
}
