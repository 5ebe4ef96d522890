package dev.lockstep.streaming;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.SourceSpec;
import dev.lockstep.streaming.internal.CaughtUpPartitions;
import dev.lockstep.streaming.internal.DeadLetters;
import dev.lockstep.streaming.internal.Emission;
import dev.lockstep.streaming.internal.OnlineStoreBufferBuilder;
import dev.lockstep.streaming.internal.SourceMetrics;
import dev.lockstep.streaming.internal.SourceProcessor;
import dev.lockstep.streaming.internal.SourcePunctuation;
import dev.lockstep.streaming.internal.SourceStores;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.FailOnInvalidTimestamp;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The streaming feature topology, as a pure function of the spec, settings and services: no lifecycle,
 * so {@code TopologyTestDriver} drives exactly what production runs.
 *
 * <p>Per source with at least one streamed group: read the source topic as bytes with each record's own
 * timestamp (its arrival: source topics use LogAppendTime), decode, accept, dedup, and fold into open
 * tiles; at each commit, emit each updated tile's new absolute IR once to the compacted tile topic (in the
 * same transaction) and to the online store (see {@code OpenTiles}, {@code OnlineStoreBuffer}); dead-letter rejected records to {@code <topic>.dlq}.
 * There is no repartitioning: source topics must be keyed by entity key, so an entity's events, its
 * tiles and its dedup keys all live in one task.
 */
public final class FeatureTopology {

    private FeatureTopology() {
    }

    /**
     * Adds the topology to {@code builder}; returns the source plans it streams. Heartbeats claim the last
     * processed arrival only: nothing tells this topology when a partition is caught up.
     */
    public static List<SourcePlan> build(StreamsBuilder builder, FeatureSpec spec, TopologySettings settings,
                                         TopologyServices services) {
        return build(builder, spec, settings, services, new CaughtUpPartitions());
    }

    /** As the public {@code build}; heartbeats also claim what {@code caughtUp} knows. */
    static List<SourcePlan> build(StreamsBuilder builder, FeatureSpec spec, TopologySettings settings,
                                  TopologyServices services, CaughtUpPartitions caughtUp) {
        FeatureTopics topics = new FeatureTopics(settings);
        List<SourcePlan> streamed = streamedSources(spec);
        for (SourcePlan plan : streamed) {
            addSource(builder, plan, topics, settings, services, caughtUp);
        }
        return streamed;
    }

    /** The sources having at least one streamed group, each with all its groups planned. */
    public static List<SourcePlan> streamedSources(FeatureSpec spec) {
        return SourcePlan.compileAll(spec).stream()
                .filter(plan -> !plan.streamedGroups().isEmpty())
                .toList();
    }

    private static void addSource(StreamsBuilder builder, SourcePlan plan, FeatureTopics topics,
                                  TopologySettings settings, TopologyServices services, CaughtUpPartitions caughtUp) {
        SourceSpec source = plan.source();
        SourceStores stores = SourceStores.of(source.name());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(stores.tiles()),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(stores.dedup()),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(stores.progress()),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());
        builder.addStateStore(new OnlineStoreBufferBuilder(stores.buffer(), services.onlineStore(),
                settings.storeBatchSize(), settings.storeRetryTimeout()));

        List<GroupPlan> streamedGroups = plan.streamedGroups();
        TopicDescriptor<byte[], byte[]> input = topics.source(source);
        TopicDescriptor<byte[], byte[]> deadLetterTopic = topics.deadLetters(source);
        TopicDescriptor<byte[], byte[]> tileTopic = topics.tiles();
        DeadLetters deadLetters = new DeadLetters(services.wireFormat(), deadLetterTopic.name());
        SourceMetrics metrics = new SourceMetrics(services.meters(), source.name());
        SourcePunctuation punctuation = new SourcePunctuation(settings.purgeInterval(), settings.heartbeatInterval(),
                services.onlineStore(), services.clock(), caughtUp);
        ProcessorSupplier<byte[], byte[], byte[], Emission> processor = () -> new SourceProcessor(plan, streamedGroups,
                stores, services.wireFormat(), deadLetters, metrics, services.clock(), punctuation,
                settings.tileCacheMaxBytes(), settings.arrivalRegressionMargin());

        // The record's own timestamp is its arrival; the default extractor is spelled out to say so.
        KStream<byte[], Emission> emitted = builder
                .stream(input.name(), Consumed.with(input.keySerde(), input.valueSerde())
                        .withTimestampExtractor(new FailOnInvalidTimestamp())
                        .withName("source-" + source.name()))
                .process(processor, Named.as("features-" + source.name()),
                        stores.tiles(), stores.dedup(), stores.buffer(), stores.progress());
        emitted.filter((key, emission) -> emission.isDeadLetter(), Named.as("dead-letters-" + source.name()))
                .mapValues(Emission::value)
                .to(deadLetterTopic.name(), Produced.with(deadLetterTopic.keySerde(), deadLetterTopic.valueSerde()));
        emitted.filter((key, emission) -> emission.isTile(), Named.as("tiles-" + source.name()))
                .mapValues(Emission::value)
                .to(tileTopic.name(), Produced.with(tileTopic.keySerde(), tileTopic.valueSerde()));
    }
}
