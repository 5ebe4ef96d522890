package dev.lockstep.app.demo;

import dev.lockstep.app.Specs;
import dev.lockstep.app.registry.SchemaRegistryEndpoint;
import dev.lockstep.batch.archive.ArchiveSource;
import dev.lockstep.batch.archive.Archiver;
import dev.lockstep.batch.archive.ArchiverConfig;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.SourceSpec;
import dev.lockstep.serving.FeatureServer;
import dev.lockstep.serving.KafkaDeadLetterSink;
import dev.lockstep.serving.KafkaStalenessAlertSink;
import dev.lockstep.serving.ModelConfig;
import dev.lockstep.serving.ServingConfig;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.store.RedisStoreConfig;
import dev.lockstep.streaming.OnlineStoreLayouts;
import dev.lockstep.streaming.StreamingApp;
import dev.lockstep.streaming.StreamingConfig;
import dev.lockstep.streaming.TopicSetup;
import dev.lockstep.streaming.TopologyServices;
import dev.lockstep.testing.kafka.EmbeddedKafkaBroker;
import dev.lockstep.testing.redis.RedisServerProcess;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import dev.lockstep.wire.SchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole Lockstep stack in one process, started in dependency order with a readable log: Kafka (KRaft,
 * in-process), Redis, the schema registry (in memory, served over the Confluent REST API), topics, the
 * streaming app, the archiver, serving, the event generator, then the batch step (backfill, training set,
 * model). {@link #close()} stops everything in reverse order, redis-server included; a start that fails
 * half-way closes what it had started before rethrowing.
 */
public final class DemoStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoStack.class);
    static final String SERVICE = "fraud_v1";
    static final String DLQ_TOPIC = "lockstep.serving.dead-letters";
    static final String ALERT_TOPIC = "lockstep.serving.staleness-alerts";
    private static final int SOURCE_PARTITIONS = 3;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final PrintWriter out;
    private final DemoConsole console;
    private final Clock clock = Clock.systemUTC();
    private String bootstrap;
    private String redisUri;
    private long redisPid;
    private String registryUrl;
    private URI servingUri;
    private TransactionGenerator generator;
    private BatchOutcome batch;

    private DemoStack(PrintWriter out) {
        this.out = out;
        this.console = new DemoConsole(out, 9);
    }

    /** Starts every component and prints the ready banner; on failure, stops what started and rethrows. */
    public static DemoStack start(DemoOptions options, PrintWriter out) {
        DemoStack stack = new DemoStack(out);
        try {
            stack.startAll(options);
        } catch (RuntimeException | Error e) {
            out.println("[demo] start failed, stopping what was started: " + e.getMessage());
            out.flush();
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startAll(DemoOptions options) {
        FeatureSpec spec = Specs.load(Specs.EXAMPLE);
        SourceSpec source = spec.sources().values().iterator().next();
        Path workDir = workDir(options.workDir());

        console.begin("Kafka broker (KRaft, in-process)");
        EmbeddedKafkaBroker broker = track(EmbeddedKafkaBroker.start());
        bootstrap = broker.bootstrapServers();
        console.done("bootstrap " + bootstrap);

        console.begin("Redis");
        RedisServerProcess redis = track(RedisServerProcess.start());
        redisUri = redis.uri();
        redisPid = redis.pid();
        console.done(redisUri + " (pid " + redis.pid() + ", stopped with the demo or by its watchdog if this JVM dies)");

        console.begin("schema registry (in memory, Confluent REST API)");
        SchemaRegistry registry = new InMemorySchemaRegistry();
        SchemaRegistryEndpoint registryEndpoint = track(SchemaRegistryEndpoint.start(registry, options.registryPort()));
        registryUrl = registryEndpoint.url();
        console.done(registryUrl);

        console.begin("topics");
        StreamingConfig streamingConfig = StreamingConfig.of(Map.of(
                "bootstrap.servers", bootstrap,
                "application.id", "lockstep-demo",
                "replication.factor", "1",
                "source.partitions", Integer.toString(SOURCE_PARTITIONS),
                "state.dir", workDir.resolve("streams").toString(),
                "watermark.heartbeat.interval.ms", "1000",
                "streams.commit.interval.ms", "200"), Map.of());
        List<SourcePlan> plans = SourcePlan.compileAll(spec);
        try (Admin admin = broker.admin()) {
            new TopicSetup(admin, streamingConfig).ensure(plans);
        }
        broker.createTopic(DLQ_TOPIC, 1, Map.of());
        broker.createTopic(ALERT_TOPIC, 1, Map.of());
        console.done(source.topic() + " (" + SOURCE_PARTITIONS + " partitions, LogAppendTime), " + source.topic()
                + streamingConfig.topology().deadLetterSuffix() + ", " + streamingConfig.topology().tilesTopic() + ", "
                + DLQ_TOPIC + ", " + ALERT_TOPIC);

        console.begin("streaming app (Kafka Streams, exactly once)");
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(registry);
        // Its store's meters stay out of the shared registry: serving's store registers the same names.
        RedisOnlineStore streamingStore = track(RedisOnlineStore.connect(storeConfig(redisUri), OnlineStoreLayouts.of(spec),
                clock, new SimpleMeterRegistry()));
        StreamingApp streaming = track(new StreamingApp(streamingConfig, spec,
                new TopologyServices(wireFormat, streamingStore, meters, clock)));
        streaming.start();
        console.done(streamingConfig.applicationId() + ", state in " + workDir.resolve("streams"));

        console.begin("archiver (Kafka -> Avro archive)");
        Path archiveDir = createDirectories(workDir.resolve("archive"));
        // Small, frequent files: the batch step reads the archive seconds after the start.
        Archiver archiver = track(Archiver.start(ArchiverConfig.of(bootstrap, "lockstep-demo-archiver", archiveDir,
                plans.stream().map(ArchiveSource::of).toList()).withRolling(50_000, Duration.ofSeconds(2)), registry));
        Optional<Path> archive = Optional.of(archiveDir);
        BooleanSupplier archiveCaughtUp = () -> awaitCaughtUp(archiver);
        console.done(source.topic() + " into " + archiveDir + " (read_committed, files rolled every 2 s)");

        console.begin("serving (HTTP)");
        RedisOnlineStore servingStore = track(RedisOnlineStore.connect(storeConfig(redisUri),
                FeatureServer.layoutsFor(spec), clock, meters));
        KafkaDeadLetterSink deadLetters = track(KafkaDeadLetterSink.create(bootstrap, DLQ_TOPIC, meters));
        KafkaStalenessAlertSink alerts = track(KafkaStalenessAlertSink.create(bootstrap, ALERT_TOPIC, meters));
        Path modelsRoot = createDirectories(workDir.resolve("models"));
        FeatureServer server = track(FeatureServer.builder(spec, servingStore, meters)
                .config(ServingConfig.defaults(options.httpPort()).withHost("127.0.0.1"))
                .models(ModelConfig.defaults(modelsRoot).withPollInterval(Duration.ofSeconds(1)))
                .clock(clock)
                .deadLetters(deadLetters)
                .stalenessAlerts(alerts)
                .start());
        servingUri = server.uri();
        console.done(servingUri + " (/v1/features, /v1/predict/{model}, /health, /ready, /metrics; models from "
                + modelsRoot + ")");

        console.begin("event generator");
        generator = track(new TransactionGenerator(bootstrap, source, wireFormat, options.generator()));
        long generatorStartedAt = System.currentTimeMillis();
        generator.start();
        GeneratorSettings g = options.generator();
        console.done(String.format("%.0f events/s to %s: %d cards, %d hot with %.0f%% of events, a burst of %d every ~%.0f s, "
                        + "%.1f%% late, %.1f%% too late, %.1f%% future, %.1f%% malformed, %.1f%% duplicates",
                g.eventsPerSecond(), source.topic(), g.cards(), g.hotCards(), g.hotShare() * 100, g.burstSize(),
                g.burstEverySeconds(), g.lateShare() * 100, g.tooLateShare() * 100, g.futureShare() * 100,
                g.malformedShare() * 100, g.duplicateShare() * 100));

        console.begin("batch: backfill, training set, model");
        batch = BatchPhase.run(console, options, archive, archiveCaughtUp, generatorStartedAt, generator, redisUri,
                workDir, modelsRoot, servingUri, source.entityKey());

        ServingProbe probe = track(new ServingProbe(servingUri, SERVICE, source.entityKey(), g.hotCards() + 15));
        probe.start(Duration.ofMillis(200));
        StatusReporter status = track(new StatusReporter(out, meters, servingStore,
                spec, generator::sent, clock));
        printBanner(source);
        status.start(options.statusInterval());
    }

    private void printBanner(SourceSpec source) {
        console.println(DemoConsole.READY_PREFIX + servingUri);
        console.println("  features:   curl -s -X POST " + servingUri + "/v1/features -H 'Content-Type: application/json' "
                + "-d '{\"service\":\"" + SERVICE + "\",\"entities\":[{\"" + source.entityKey() + "\":\"card-00001\"}]}'");
        console.println(batch.predictCurl(servingUri));
        console.println("  your events: echo '{\"txn_id\":\"my-1\",\"card_id\":\"card-42\",\"merchant_id\":\"m-1\",\"amount\":12.5,"
                + "\"currency\":\"EUR\",\"country\":\"DE\",\"event_time\":" + "'$(date +%s000)'" + ",\"channel\":\"pos\"}' | "
                + "java -jar app/target/lockstep.jar produce --topic " + source.topic() + " --bootstrap " + bootstrap
                + " --registry " + registryUrl);
        console.println("  Kafka bootstrap: " + bootstrap + "   Redis: " + redisUri + "   schema registry: " + registryUrl
                + "   metrics: " + servingUri + "/metrics");
        console.println("  Ctrl-C stops everything.");
    }

    private static boolean awaitCaughtUp(Archiver archiver) {
        try {
            return archiver.awaitCaughtUp(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The store defaults, but a 10 s connect timeout: the demo shares a laptop (or a CI runner) with
     * everything else, and a first connection that takes more than the default second must not fail it.
     */
    private static RedisStoreConfig storeConfig(String uri) {
        RedisStoreConfig defaults = RedisStoreConfig.of(uri);
        return new RedisStoreConfig(uri, defaults.commandTimeout(), Duration.ofSeconds(10), defaults.maxReconnectDelay());
    }

    private static Path createDirectories(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory + ": " + e.getMessage(), e);
        }
    }

    private <T extends AutoCloseable> T track(T component) {
        started.push(component);
        return component;
    }

    private Path workDir(Path requested) {
        try {
            if (requested != null) {
                return Files.createDirectories(requested);
            }
            Path created = Files.createTempDirectory("lockstep-demo");
            started.push(() -> deleteTree(created));
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo's work directory: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    public URI servingUri() {
        return servingUri;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public String redisUri() {
        return redisUri;
    }

    /** The redis-server's process id, so a caller can check it is gone after {@link #close()}. */
    public long redisPid() {
        return redisPid;
    }

    public String registryUrl() {
        return registryUrl;
    }

    /** Stops everything that started, newest first; each failure is logged and the rest still stop. */
    @Override
    public synchronized void close() {
        long began = System.nanoTime();
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            long componentBegan = System.nanoTime();
            try {
                component.close();
                double seconds = (System.nanoTime() - componentBegan) / 1e9;
                if (seconds >= 1) {
                    console.println(String.format("[demo]   %s took %.1f s to stop", component.getClass().getSimpleName(), seconds));
                }
            } catch (Exception e) {
                LOG.warn("demo component {} did not stop cleanly: {}", component.getClass().getSimpleName(), e.getMessage(), e);
            }
        }
        console.println(String.format("[demo] stopped in %.1f s", (System.nanoTime() - began) / 1e9));
    }
}
