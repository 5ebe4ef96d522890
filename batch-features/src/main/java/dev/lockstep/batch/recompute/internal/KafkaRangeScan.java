package dev.lockstep.batch.recompute.internal;

import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.batch.archive.SourceRecordDecoder;
import dev.lockstep.batch.kafka.KafkaTopicRange;
import dev.lockstep.batch.kafka.OffsetSlice;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.internal.ArchiveScan.Scanned;
import dev.lockstep.wire.SchemaRegistries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Reads a Kafka topic range and scans its records exactly as archive records: each value is decoded by
 * the {@link SourceRecordDecoder} the archiver uses, then {@link ArchiveScan} applies the engine's
 * rules. So a topic range and its archive yield the same verdicts, events and tiles.
 *
 * <p>Why not Spark's Kafka source: spark-sql-kafka-0-10 4.0.1 is built against kafka-clients 3.9 and
 * calls {@code DescribeTopicsResult.all()}, which kafka-clients 4.x removed; with the project's Kafka
 * 4.3.1 it fails with {@code NoSuchMethodError} before reading anything. So each task reads one
 * {@link OffsetSlice} with a plain {@code read_committed} consumer (parallel by partition and by slice),
 * into the same RDD path as the archive.
 */
public final class KafkaRangeScan {

    /** Offsets per task: bounds a task's memory (it holds its scanned records) and spreads a big partition. */
    public static final long OFFSETS_PER_TASK = 500_000;

    /** One decoder per (registry, spec, source) per executor JVM; registries cache schemas by id. */
    private static final Map<DecoderKey, SourceRecordDecoder> DECODERS = new ConcurrentHashMap<>();

    private KafkaRangeScan() {
    }

    public static JavaRDD<Scanned> scan(JavaSparkContext jsc, KafkaTopicRange topicRange, String registryUrl,
                                        SpecHandle spec, String source, ArchiveRange range, long lookBehindMillis) {
        List<OffsetSlice> slices = OffsetSlice.of(topicRange, OFFSETS_PER_TASK);
        String bootstrap = topicRange.bootstrapServers();
        Map<String, String> options = topicRange.kafkaOptions();
        return jsc.parallelize(slices, Math.max(1, slices.size())).flatMap(slice -> {
            SourceRecordDecoder decoder = DECODERS.computeIfAbsent(new DecoderKey(registryUrl, spec, source),
                    key -> new SourceRecordDecoder(SchemaRegistries.fromUrl(key.registryUrl()),
                            key.spec().plan(key.source()).source().schema()));
            List<ArchivedRecord> records = new ArrayList<>();
            slice.read(bootstrap, options, decoder, records::add);
            return ArchiveScan.scanRecords(spec, source, records.iterator(), range, lookBehindMillis, slice.toString());
        });
    }

    private record DecoderKey(String registryUrl, SpecHandle spec, String source) {
    }
}
