package dev.lockstep.streaming;

import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.testing.kafka.EmbeddedKafkaBroker;
import dev.lockstep.testing.redis.RedisServerProcess;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * {@code bench.warmup.events} (processed first and not measured, so the JIT has compiled the hot paths of the app
 * and of the in-process broker: 300000; after 50000 the whole JVM still used twice its steady CPU per event),
 * {@code bench.cards} (distinct cards, drawn uniformly: 50000), {@code bench.threads} (stream threads, 1),
 * {@code bench.latency.seconds} (20), {@code bench.latency.rate} ((c)'s events/s; half of (b)'s rate),
 * {@code bench.commit.interval.ms} (Kafka Streams' commit interval; its exactly-once default is 100), and
 * {@code bench.config.<key>} for any other {@link StreamingConfig} key.
 */
public final class StreamingThroughputBenchmark {

    private static final int PARTITIONS = 4;
    private static final String APP_ID = CpuSnapshot.APP_ID;
    private static final String CONFIG_PREFIX = "bench.config.";

    private StreamingThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 300_000);
        int warmup = Integer.getInteger("bench.warmup.events", 300_000);
        int cards = Integer.getInteger("bench.cards", 50_000);
        int threads = Integer.getInteger("bench.threads", 1);
        int latencySeconds = Integer.getInteger("bench.latency.seconds", 20);
        int commitInterval = Integer.getInteger("bench.commit.interval.ms", 100);
        Path stateDir = Files.createTempDirectory("lockstep-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             RedisServerProcess redis = RedisServerProcess.start()) {
            broker.createTopic(Transactions.TOPIC, PARTITIONS, Map.of("message.timestamp.type", "LogAppendTime"));
            ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
            BenchmarkLoad load = new BenchmarkLoad(wireFormat, cards);
            int total = warmup + events;
            try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
                long t = System.nanoTime();
                load.produceBulk(producer, total, 1);
                report("pre-produced", total, System.nanoTime() - t);
            }
            double raw = rawConsumerRate(broker.bootstrapServers(), total, warmup);
            Map<String, String> settings = new TreeMap<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "replication.factor", "1", "source.partitions", String.valueOf(PARTITIONS),
                    "state.dir", stateDir.toString(), "application.id", APP_ID,
                    "streams.num.stream.threads", String.valueOf(threads),
                    "streams.commit.interval.ms", String.valueOf(commitInterval)));
            // -Dbench.config.<key>=<value> sets any StreamingConfig key, e.g. bench.config.streams.producer.linger.ms.
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(CONFIG_PREFIX))
                    .forEach(k -> settings.put(k.substring(CONFIG_PREFIX.length()), System.getProperty(k)));
            StreamingConfig config = StreamingConfig.of(settings, Map.of());
            System.out.printf("RESULT settings: %,d events measured after %,d warm-up events, %,d cards, %d partitions, "
                    + "%d stream thread(s), commit.interval.ms %d, config %s%n", events, warmup, cards, PARTITIONS, threads,
                    commitInterval, settings);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (RedisOnlineStore store = RedisOnlineStore.connect(redis.uri(), OnlineStoreLayouts.of(Transactions.SPEC),
                         Clock.systemUTC());
                 StreamingApp app = new StreamingApp(config, Transactions.SPEC,
                         new TopologyServices(wireFormat, store, meters, Clock.systemUTC()));
                 Admin admin = broker.admin();
                 PunctuationWatch punctuations = new PunctuationWatch(meters)) {
                long started = System.nanoTime();
                app.start();
                while (committed(admin) < warmup) {
                    Thread.sleep(20);
                }
                long warm = System.nanoTime();
                report("warm-up, from start() (incl. startup, rebalance)", warmup, warm - started);
                long processCpuBefore = processCpuNanos();
                CpuSnapshot cpuBefore = CpuSnapshot.take();
                while (committed(admin) < total) {
                    Thread.sleep(20);
                }
                long done = System.nanoTime();
                double e2e = report("end to end, warm, all committed", events, done - warm);
                System.out.printf("RESULT ratio end-to-end / raw consumer = %.3f%n", e2e / raw);
                reportCpu(events, CpuSnapshot.take().minus(cpuBefore), processCpuNanos() - processCpuBefore,
                        done - warm);
                punctuations.report("after (b)");
                // -Dbench.latency.rate fixes (c)'s rate, so runs that differ in a setting are paced alike.
                int paced = Integer.getInteger("bench.latency.rate", (int) (e2e / 2));
                latency(broker.bootstrapServers(), load, store, paced, latencySeconds);
                punctuations.report("after (c)");
            }
        }
    }

    /** Reads all {@code total} records; the rate is over those after the first {@code warmup}. */
    private static double rawConsumerRate(String bootstrap, int total, int warmup) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(Transactions.TOPIC, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long t = 0;
            long read = 0;
            long measuredFrom = 0; // a poll may overshoot the warm-up: the rate counts from where it stopped
            long bytes = 0;
            while (read < total) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    read++;
                    bytes += t == 0 ? 0 : record.value().length;
                }
                if (t == 0 && read >= warmup) {
                    t = System.nanoTime();
                    measuredFrom = read;
                }
            }
            System.out.printf("RESULT raw consumer: %,d bytes of values%n", bytes);
            return report("raw consumer (read_committed, bytes only), warm", total - measuredFrom, System.nanoTime() - t);
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
        CpuSnapshot cpuBefore = CpuSnapshot.take();
        long produced;
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            long t = System.nanoTime();
            produced = load.producePaced(producer, perSecond, seconds, sampleEvery, sent, probes::sent);
            report("paced production (target " + perSecond + "/s)", produced, System.nanoTime() - t);
        }
        // Over minutes of arrival, the stores reach their steady size and the purges run: their cost shows here.
        long streamCpu = CpuSnapshot.take().minus(cpuBefore)[0];
        System.out.printf("RESULT cpu during (c): stream threads %.1f s = %.0f us/event%n", streamCpu / 1e9,
                streamCpu / 1e3 / produced);
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
     * Where the CPU went during the measured part of (b): the stream threads' own CPU per event (the
     * single-thread ceiling is its inverse), the app's Kafka client I/O threads, and the whole JVM (broker, JIT
     * and GC included) per event and in cores.
     */
    private static void reportCpu(int events, long[] streamAndClients, long processCpu, long wall) {
        long stream = streamAndClients[0];
        long clients = streamAndClients[1];
        System.out.printf("RESULT cpu during (b): stream threads %.1f s = %.0f us/event (ceiling %,.0f events/s per"
                        + " stream thread); app Kafka client threads %.1f s; whole JVM %.0f us/event, %.2f cores of"
                        + " wall time%n", stream / 1e9, stream / 1e3 / events, events / (stream / 1e9), clients / 1e9,
                processCpu / 1e3 / events, (double) processCpu / wall);
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
