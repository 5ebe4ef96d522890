package dev.lockstep.streaming.testing;

import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.streaming.FeatureTopology;
import dev.lockstep.streaming.TopologySettings;
import dev.lockstep.streaming.TopologyServices;
import dev.lockstep.wire.ConfluentWireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A TopologyTestDriver around {@link FeatureTopology} for the example spec, on a fresh state directory. */
public final class TopologyHarness implements AutoCloseable {

    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> input;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final TestOutputTopic<byte[], byte[]> tiles;
    private final List<SourceRecordAt> piped = new ArrayList<>();
    private long nextOffset;

    public TopologyHarness(ConfluentWireFormat wireFormat, OnlineStore store, MeterRegistry meters, Clock clock,
                           TopologySettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        FeatureTopology.build(builder, Transactions.SPEC, settings, new TopologyServices(wireFormat, store, meters, clock));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lockstep-streaming-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("lockstep-ttd").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(builder.build(), props, Instant.ofEpochMilli(clock.millis()));
        input = driver.createInputTopic(Transactions.TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(Transactions.TOPIC + settings.deadLetterSuffix(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        tiles = driver.createOutputTopic(settings.tilesTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Pipes a record arriving at {@code arrival}; the driver gives partition 0 and consecutive offsets. */
    public SourceRecordAt pipe(byte[] key, byte[] value, long arrival) {
        input.pipeInput(key, value, arrival);
        SourceRecordAt record = new SourceRecordAt(key, value,
                new RecordPosition(Transactions.TOPIC, 0, nextOffset++, arrival));
        piped.add(record);
        return record;
    }

    public void pipeAll(List<SourceRecordAt> records) {
        records.forEach(r -> pipe(r.key(), r.value(), r.position().arrivalMillis()));
    }

    public List<SourceRecordAt> piped() {
        return piped;
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    public TestOutputTopic<byte[], byte[]> deadLetters() {
        return deadLetters;
    }

    public TestOutputTopic<byte[], byte[]> tiles() {
        return tiles;
    }

    @Override
    public void close() {
        driver.close();
    }
}
