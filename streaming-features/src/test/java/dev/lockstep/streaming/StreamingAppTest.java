package dev.lockstep.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import dev.lockstep.features.agg.IrCodecException;
import dev.lockstep.store.RedisUnavailableException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.junit.jupiter.api.Test;

class StreamingAppTest {

    private static Properties streamsProperties(Map<String, String> settings) {
        StreamingConfig config = StreamingConfig.of(settings, Map.of());
        TopologyServices services = new TopologyServices(
                ConfluentWireFormat.lookupOnly(new InMemorySchemaRegistry()),
                new InMemoryOnlineStore(OnlineStoreLayouts.of(Transactions.SPEC), Clock.systemUTC()),
                new SimpleMeterRegistry(), Clock.systemUTC());
        try (StreamingApp app = new StreamingApp(config, Transactions.SPEC, services)) {
            assertThat(app.state()).isEqualTo(KafkaStreams.State.CREATED);
            return app.streamsProperties();
        }
    }

    @Test
    void shouldRunExactlyOnceByDefault() {
        Properties props = streamsProperties(Map.of("bootstrap.servers", "k:9092"));

        assertThat(props).containsEntry("processing.guarantee", "exactly_once_v2").containsEntry("replication.factor", 3);
    }

    @Test
    void shouldRunAtLeastOnceAndPassStreamsSettingsWhenConfigured() {
        Properties props = streamsProperties(Map.of("bootstrap.servers", "k:9092",
                "processing.guarantee", "at_least_once", "replication.factor", "1", "streams.num.stream.threads", "4"));

        assertThat(props).containsEntry("processing.guarantee", "at_least_once").containsEntry("replication.factor", 1)
                .containsEntry("num.stream.threads", "4");
    }

    @Test
    void shouldReplaceAFailedStreamThreadUnlessAStoredTileCannotBeDecoded() {
        assertThat(StreamingApp.responseTo(new StreamsException("commit failed",
                new RedisUnavailableException("simulated outage", null))))
                .isEqualTo(StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(StreamingApp.responseTo(new StreamsException("processing failed", new IllegalStateException(
                "folding", new IrCodecException("fingerprint 0000002a does not match 0000002b")))))
                .isEqualTo(StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}
