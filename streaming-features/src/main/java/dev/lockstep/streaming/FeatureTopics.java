package dev.lockstep.streaming;

import dev.lockstep.features.spec.SourceSpec;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of the streaming app, derived from the spec and the {@link TopologySettings}. All carry raw
 * bytes: sources and dead letters are Avro in the Confluent wire format (decoded by the topology itself,
 * so a bad record is dead-lettered instead of failing a serde), tile records use {@link TileRecord}.
 */
public final class FeatureTopics {

    private final TopologySettings settings;

    public FeatureTopics(TopologySettings settings) {
        this.settings = settings;
    }

    /** The source topic, read as bytes with each record's own (LogAppendTime) timestamp. */
    public TopicDescriptor<byte[], byte[]> source(SourceSpec source) {
        return new TopicDescriptor<>(source.topic(), Serdes.ByteArray(), Serdes.ByteArray());
    }

    /** The dead-letter topic of a source: DeadLetter.avsc records, keyed by the source record's key bytes. */
    public TopicDescriptor<byte[], byte[]> deadLetters(SourceSpec source) {
        return new TopicDescriptor<>(source.topic() + settings.deadLetterSuffix(), Serdes.ByteArray(), Serdes.ByteArray());
    }

    /** The compacted tile topic: absolute tile IRs with their versions (see {@link TileRecord}). */
    public TopicDescriptor<byte[], byte[]> tiles() {
        return new TopicDescriptor<>(settings.tilesTopic(), Serdes.ByteArray(), Serdes.ByteArray());
    }
}
