package dev.lockstep.streaming;

import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.streaming.internal.SourceMetrics;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.testing.kafka.EmbeddedKafkaBroker;
import dev.lockstep.testing.redis.RedisServerProcess;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Throughput and latency of the streaming app, in one run, against an in-process broker and a real Redis:
 * (a) the raw consumer rate over pre-produced records (the ceiling), (b) the app end to end with
 * {@code exactly_once_v2} over the same records, (c) event-to-Redis latency at half of (b)'s rate. Not a
 * test: run it by hand (command in docs/benchmarks.md). System properties: {@code bench.events} (300000),
 * {@code bench.threads} (stream threads, 1), {@code bench.latency.seconds} (20), {@code bench.commit.interval.ms}
 * (Kafka Streams' commit interval; its exactly-once default is 100).
 */
public final class StreamingThroughputBenchmark {

    private static final int PARTITIONS = 4;
    private static final String APP_ID = "lockstep-bench";

    private StreamingThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 300_000);
        int threads = Integer.getInteger("bench.threads", 1);
        int latencySeconds = Integer.getInteger("bench.latency.seconds", 20);
        int commitInterval = Integer.getInteger("bench.commit.interval.ms", 100);
        Path stateDir = Files.createTempDirectory("lockstep-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             RedisServerProcess redis = RedisServerProcess.start()) {
            broker.createTopic(Transactions.TOPIC, PARTITIONS, Map.of("message.timestamp.type", "LogAppendTime"));
            ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
            BenchmarkLoad load = new BenchmarkLoad(wireFormat);
            try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
                long t = System.nanoTime();
                load.produceBulk(producer, events, 1);
                report("pre-produced", events, System.nanoTime() - t);
            }
            double raw = rawConsumerRate(broker.bootstrapServers(), events);
            StreamingConfig config = StreamingConfig.of(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "replication.factor", "1", "source.partitions", String.valueOf(PARTITIONS),
                    "state.dir", stateDir.toString(), "application.id", APP_ID,
                    "streams.num.stream.threads", String.valueOf(threads),
                    "streams.commit.interval.ms", String.valueOf(commitInterval)), Map.of());
            System.out.printf("RESULT settings: %,d events, %d partitions, %d stream thread(s), commit.interval.ms %d%n",
                    events, PARTITIONS, threads, commitInterval);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (RedisOnlineStore store = RedisOnlineStore.connect(redis.uri(), OnlineStoreLayouts.of(Transactions.SPEC),
                         Clock.systemUTC());
                 StreamingApp app = new StreamingApp(config, Transactions.SPEC,
                         new TopologyServices(wireFormat, store, meters, Clock.systemUTC()));
                 Admin admin = broker.admin()) {
                long processCpuBefore = processCpuNanos();
                long started = System.nanoTime();
                app.start();
                long firstRecord = 0;
                while (committed(admin) < events) {
                    if (firstRecord == 0 && processed(meters) > 0) {
                        firstRecord = System.nanoTime();
                    }
                    Thread.sleep(20);
                }
                long done = System.nanoTime();
                report("end to end, from start() (incl. startup, rebalance)", events, done - started);
                double e2e = report("end to end, first record to all committed", events, done - firstRecord);
                System.out.printf("RESULT ratio end-to-end / raw consumer = %.3f%n", e2e / raw);
                reportCpu(events, processCpuNanos() - processCpuBefore, done - started);
                latency(broker.bootstrapServers(), load, store, (int) (e2e / 2), latencySeconds);
            }
        }
    }

    private static double rawConsumerRate(String bootstrap, int events) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(Transactions.TOPIC, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long t = System.nanoTime();
            long read = 0;
            long bytes = 0;
            while (read < events) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    read++;
                    bytes += record.value().length;
                }
            }
            System.out.printf("RESULT raw consumer: %,d bytes of values%n", bytes);
            return report("raw consumer (read_committed, bytes only)", events, System.nanoTime() - t);
        }
    }

    /** Produces paced at {@code perSecond}; samples event arrival (broker time) -> its tile visible in Redis. */
    private static void latency(String bootstrap, BenchmarkLoad load, RedisOnlineStore store, int perSecond,
                                int seconds) throws Exception {
        int sampleEvery = Math.max(1, perSecond * seconds / 2_000);
        ProbePoller probes = new ProbePoller(store, perSecond * seconds / sampleEvery + 1);
        AtomicLong sent = new AtomicLong();
        Thread poller = new Thread(probes, "latency-poller");
        poller.setDaemon(true);
        poller.start();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            long t = System.nanoTime();
            long produced = load.producePaced(producer, perSecond, seconds, sampleEvery, sent, probes::sent);
            report("paced production (target " + perSecond + "/s)", produced, System.nanoTime() - t);
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (probes.seen() < sent.get() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        poller.interrupt();
        long[] observed = probes.sortedLatencies();
        System.out.printf("RESULT latency at %,d events/s: %d of %d probes seen; p50 %d ms, p99 %d ms, max %d ms%n",
                perSecond, probes.seen(), sent.get(), ProbePoller.quantile(observed, 0.50),
                ProbePoller.quantile(observed, 0.99), ProbePoller.quantile(observed, 1.0));
    }

    /**
     * Where the CPU went during (b): the stream threads' own CPU per event (the single-thread ceiling is its
     * inverse), the app's Kafka client I/O threads, and the whole JVM (broker included) in cores.
     */
    private static void reportCpu(int events, long processCpu, long wall) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long stream = 0;
        long clients = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null || !info.getThreadName().contains(APP_ID)) {
                continue;
            }
            long cpu = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            if (info.getThreadName().startsWith(APP_ID) && info.getThreadName().matches(".*StreamThread-\\d+")) {
                stream += cpu;
            } else {
                clients += cpu;
            }
        }
        System.out.printf("RESULT cpu during (b): stream threads %.1f s = %.0f us/event (ceiling %,.0f events/s per"
                        + " stream thread); app Kafka client threads %.1f s; whole JVM %.2f cores of wall time%n",
                stream / 1e9, stream / 1e3 / events, events / (stream / 1e9), clients / 1e9, (double) processCpu / wall);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long committed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(APP_ID)
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Transactions.TOPIC) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static double processed(SimpleMeterRegistry meters) {
        return meters.find(SourceMetrics.RECORDS).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static double report(String what, long count, long nanos) {
        double rate = count / (nanos / 1e9);
        System.out.printf("RESULT %s: %,d events in %.2f s = %,.0f events/s%n", what, count, nanos / 1e9, rate);
        return rate;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"), new ByteArraySerializer(), new ByteArraySerializer());
    }
}
