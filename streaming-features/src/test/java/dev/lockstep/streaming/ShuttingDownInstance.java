package dev.lockstep.streaming;

import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.streaming.internal.CaughtUpPartitions;
import dev.lockstep.wire.ConfluentWireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * A second instance of a streaming app, with the same topology, whose stream thread fails on the first
 * record it dead-letters (its clock throws) and which answers that with SHUTDOWN_APPLICATION, as an
 * instance of another build may. Kafka Streams then moves every instance of the group to ERROR.
 */
public final class ShuttingDownInstance implements AutoCloseable {

    private final KafkaStreams streams;

    public ShuttingDownInstance(StreamingConfig config, FeatureSpec spec, ConfluentWireFormat wireFormat,
                                OnlineStore store, Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        FeatureTopology.build(builder, spec, config.topology(),
                new TopologyServices(wireFormat, store, new SimpleMeterRegistry(), new FailingClock()),
                new CaughtUpPartitions());
        Properties props = new StreamingApp(config, spec, null).streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        streams = new KafkaStreams(builder.build(), props);
        streams.setUncaughtExceptionHandler(e ->
                StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_APPLICATION);
    }

    public void start() {
        streams.start();
    }

    @Override
    public void close() {
        streams.close();
    }

    private static final class FailingClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            throw new IllegalStateException("simulated failure in the second instance");
        }
    }
}
