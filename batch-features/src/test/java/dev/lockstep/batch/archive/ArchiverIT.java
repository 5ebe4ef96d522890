package dev.lockstep.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import dev.lockstep.wire.SchemaRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ArchiverIT {

    static final String TOPIC = "payments.transactions";
    static final String SUBJECT = TOPIC + "-value";
    static final Schema SCHEMA = FeatureSpecLoader.loadResource("examples/fraud/features.yaml")
            .sources().get("transactions").schema();
    private static final int PARTITIONS = 3;

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path work;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Random random = new Random(7);

    @Test
    void shouldArchiveEveryCommittedRecordExactlyOnceAcrossKillsAndRestarts() throws Exception {
        assertThat(registry.register(SUBJECT, SCHEMA)).isEqualTo(1); // the id the child's registry gives it too
        KAFKA.broker().createTopic(TOPIC, PARTITIONS, Map.of("message.timestamp.type", "LogAppendTime"));
        Path archive = work.resolve("archive");
        boolean inProgressSeenAtKill = false;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            produce(producer, 600);
            for (int kill = 0; kill < 2; kill++) {
                Process child = startChild(archive, work.resolve("child-" + kill + ".log"));
                long filesBefore = completedFiles(archive);
                long deadline = System.currentTimeMillis() + 60_000;
                while (completedFiles(archive) < filesBefore + 3 && System.currentTimeMillis() < deadline) {
                    produce(producer, 100); // keep records flowing so a file is open when the kill lands
                }
                produce(producer, 100);
                child.destroyForcibly().waitFor(); // SIGKILL mid-stream
                inProgressSeenAtKill |= inProgressFiles(archive) > 0;
            }
            produce(producer, 500);
            // A new group has no committed offsets at all: only the directory can say where to resume.
            ArchiverConfig config = ArchiverConfig.of(KAFKA.bootstrapServers(), "archiver-fresh-group", archive,
                    List.of(new ArchiveSource(TOPIC, SCHEMA))).withRolling(150, Duration.ofSeconds(30));
            try (Archiver archiver = Archiver.start(config, registry)) {
                assertThat(archiver.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
                assertThat(archiver.failure()).isEmpty();
            }
        }

        List<ArchivedRecord> archived = new ArrayList<>();
        ArchiveReader.listFiles(archive.toString()).forEach(file -> ArchiveReader.read(file, archived::add));
        archived.sort(Comparator.comparing((ArchivedRecord r) -> r.position().partition())
                .thenComparingLong(r -> r.position().offset()));
        List<ArchivedRecord> topic = readTopic();

        assertThat(inProgressSeenAtKill).as("a kill left a half-written file behind").isTrue();
        assertThat(inProgressFiles(archive)).isZero();
        assertThat(topic).hasSizeGreaterThan(1_000);
        assertThat(archived).hasSameSizeAs(topic);
        assertThat(archived).isEqualTo(topic);
        assertThat(archived).anyMatch(r -> r.decodeFailure() != null);
    }

    @Test
    void shouldRecordTheOffsetsRetentionDeletedBeforeTheyWereArchivedAndGoOnAfterThem() throws Exception {
        String topic = "payments.expiring";
        KAFKA.broker().createTopic(topic, 1, Map.of("message.timestamp.type", "LogAppendTime"));
        Path archive = work.resolve("expiring");
        ArchiverConfig config = ArchiverConfig.of(KAFKA.bootstrapServers(), "archiver-expiring", archive,
                List.of(new ArchiveSource(topic, SCHEMA))).withRolling(1_000, Duration.ofSeconds(30));
        ConfluentWireFormat wire = ConfluentWireFormat.autoRegistering(registry);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 20; i++) {
                if (i == 10) {
                    archiveUntilCaughtUp(config, 0); // offsets 0-9 archived, then the archiver is down
                }
                producer.send(new ProducerRecord<>(topic, new byte[] {1}, wire.encode(topic + "-value",
                        transaction("card-" + i)))).get();
            }
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = KAFKA.broker().admin()) {
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(15))).all().get();
        }

        archiveUntilCaughtUp(config, 5);
        archiveUntilCaughtUp(config, 0); // a restart resumes after the recorded span: nothing recorded twice

        List<Long> offsets = new ArrayList<>();
        ArchiveReader.listFiles(archive.toString()).forEach(file -> ArchiveReader.read(file,
                record -> offsets.add(record.position().offset())));
        offsets.sort(Comparator.naturalOrder());
        assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 15L, 16L, 17L, 18L, 19L);
        assertThat(new ArchiveDirectory(archive).deletedSpans())
                .containsExactly(new ArchiveFileName.PartitionSpan(topic, 0, 10, 14));
    }

    @Test
    void shouldArchiveEveryOffsetOnceWhenAStalledArchiverLosesItsPartitionToAnotherAndWakesUp() throws Exception {
        String topic = "payments.stalled";
        KAFKA.broker().createTopic(topic, 1, Map.of("message.timestamp.type", "LogAppendTime"));
        Path archive = work.resolve("stalled");
        ConfluentWireFormat wire = ConfluentWireFormat.autoRegistering(registry);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, new byte[] {1}, wire.encode(topic + "-value",
                        transaction("card-" + i))));
            }
            producer.flush();
        }
        ArchiverConfig config = ArchiverConfig.of(KAFKA.bootstrapServers(), "archiver-stalled", archive,
                List.of(new ArchiveSource(topic, SCHEMA)))
                // Out of the group 3 s after its last poll, as a stalled archiver is.
                .withConsumerOverrides(Map.of("max.poll.interval.ms", "3000"));
        StallingRegistry stalling = new StallingRegistry(registry);

        // The first archiver stalls on its first record, before it opens a file (files of 10 records).
        Archiver stalled = Archiver.start(config.withRolling(10, Duration.ofSeconds(30)), stalling);
        try {
            assertThat(stalling.stalled.await(60, TimeUnit.SECONDS)).isTrue();
            // The second (files of 7 records) is given the partition once the first is out, and archives it all.
            try (Archiver second = Archiver.start(config.withRolling(7, Duration.ofSeconds(30)), registry)) {
                assertThat(second.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
                assertThat(second.recordsArchived()).isEqualTo(100);
            }
        } finally {
            // The first wakes up with a poll of records in hand, archives them and stops; files it completed
            // would overlap the second's.
            stalling.release.countDown();
            stalled.close();
        }

        List<Long> offsets = new ArrayList<>();
        ArchiveReader.listFiles(archive.toString()).forEach(file -> ArchiveReader.read(file,
                record -> offsets.add(record.position().offset())));
        offsets.sort(Comparator.naturalOrder());
        assertThat(offsets).isEqualTo(LongStream.range(0, 100).boxed().toList());
        assertThat(stalled.recordsArchived()).isZero();
        assertThat(stalled.failure()).isEmpty();
        assertThat(inProgressFiles(archive)).isZero();
    }

    /** A registry whose first lookup blocks until released: the archiver using it stalls in its first poll. */
    private static final class StallingRegistry implements SchemaRegistry {
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final SchemaRegistry delegate;

        StallingRegistry(SchemaRegistry delegate) {
            this.delegate = delegate;
        }

        @Override
        public int register(String subject, Schema schema) {
            return delegate.register(subject, schema);
        }

        @Override
        public Schema schemaById(int id) {
            stalled.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return delegate.schemaById(id);
        }

        @Override
        public Optional<Integer> idOf(String subject, Schema schema) {
            return delegate.idOf(subject, schema);
        }
    }

    /** Runs an archiver until it has caught up, checking how many records it found deleted by retention. */
    private void archiveUntilCaughtUp(ArchiverConfig config, long expectDeleted) throws InterruptedException {
        try (Archiver archiver = Archiver.start(config, registry)) {
            assertThat(archiver.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            assertThat(archiver.failure()).isEmpty();
            assertThat(archiver.recordsDeleted()).isEqualTo(expectDeleted);
        }
    }

    private void produce(KafkaProducer<byte[], byte[]> producer, int count) {
        ConfluentWireFormat wire = ConfluentWireFormat.autoRegistering(registry);
        producer.beginTransaction();
        for (int i = 0; i < count; i++) {
            String card = "card-" + random.nextInt(40);
            byte[] value;
            double kind = random.nextDouble();
            if (kind < 0.02) {
                value = new byte[] {0, 0, 0, 0, 1, 7, 7}; // the right schema id, a truncated body
            } else if (kind < 0.03) {
                value = new byte[] {0, 0, 0, 0, 99, 2, 4}; // a schema id the registry does not know
            } else {
                value = wire.encode(SUBJECT, transaction(card));
            }
            producer.send(new ProducerRecord<>(TOPIC, card.getBytes(StandardCharsets.UTF_8), value));
        }
        producer.commitTransaction();
        // Aborted records must never reach the archive (streaming reads read_committed too).
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, "aborted".getBytes(StandardCharsets.UTF_8),
                wire.encode(SUBJECT, transaction("aborted"))));
        producer.flush();
        producer.abortTransaction();
    }

    private GenericRecord transaction(String card) {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("txn_id", "t" + random.nextLong());
        record.put("card_id", card);
        record.put("merchant_id", "m" + random.nextInt(10));
        record.put("amount", random.nextInt(10_000) / 100.0);
        record.put("currency", "EUR");
        record.put("country", random.nextBoolean() ? "FR" : null);
        record.put("event_time", System.currentTimeMillis() - random.nextInt(60_000));
        record.put("channel", "pos");
        return record;
    }

    /** The topic as a read_committed consumer sees it, decoded the way the archiver decodes. */
    private List<ArchivedRecord> readTopic() {
        SourceRecordDecoder decoder = new SourceRecordDecoder(registry, SCHEMA);
        List<ArchivedRecord> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(decoder.decode(new RecordPosition(r.topic(), r.partition(), r.offset(), r.timestamp()),
                            r.key(), r.value()));
                }
            }
        }
        records.sort(Comparator.comparing((ArchivedRecord r) -> r.position().partition())
                .thenComparingLong(r -> r.position().offset()));
        return records;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "archiver-it-producer",
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    private Process startChild(Path archive, Path log) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ArchiverChildMain.class.getName(),
                KAFKA.bootstrapServers(), archive.toString(), "archiver-it"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!(Files.exists(log) && Files.readString(log).contains(ArchiverChildMain.RUNNING))) {
            if (!child.isAlive() || System.currentTimeMillis() > deadline) {
                child.destroyForcibly();
                throw new AssertionError("archiver child did not start; its log:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return child;
    }

    private static long completedFiles(Path dir) throws IOException {
        return count(dir, ".avro");
    }

    private static long inProgressFiles(Path dir) throws IOException {
        return count(dir, ".inprogress");
    }

    private static long count(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        }
    }
}
