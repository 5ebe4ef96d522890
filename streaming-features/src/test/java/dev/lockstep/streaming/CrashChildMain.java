package dev.lockstep.streaming;

import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.store.RedisStoreConfig;
import dev.lockstep.streaming.internal.DeadLetters;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The streaming app in a child JVM for {@link StreamingCrashIT}, which kills it with SIGKILL. Arguments:
 * bootstrap servers, Redis URI, state directory. Prints {@link #RUNNING} once Kafka Streams is running,
 * then runs until killed.
 *
 * <p>Schema ids: an in-memory registry lives in one JVM, so parent and child each register the source
 * schema, then the dead-letter schema, in that order ({@link #registerInOrder}); ids are assigned in
 * registration order, so both JVMs agree (source = 1, dead letter = 2) without a registry server.
 */
public final class CrashChildMain {

    /** The line printed once the app is running. */
    static final String RUNNING = "lockstep-crash-child running";
    static final String APPLICATION_ID = "lockstep-crash-it";

    private CrashChildMain() {
    }

    /** Registers the schemas both JVMs use, in the fixed order that makes their ids agree. */
    static InMemorySchemaRegistry registerInOrder(InMemorySchemaRegistry registry) {
        registry.register(Transactions.TOPIC + "-value", Transactions.SCHEMA);
        registry.register(Transactions.TOPIC + ".dlq-value", DeadLetters.SCHEMA);
        return registry;
    }

    /** Config shared by every child: a short session timeout so a killed child's member expires quickly. */
    static StreamingConfig config(String bootstrap, String stateDir) {
        return StreamingConfig.of(Map.of("bootstrap.servers", bootstrap, "replication.factor", "1",
                "source.partitions", "3", "state.dir", stateDir, "application.id", APPLICATION_ID,
                "watermark.heartbeat.interval.ms", "500",
                "streams.session.timeout.ms", "6000", "streams.heartbeat.interval.ms", "1000"), Map.of());
    }

    public static void main(String[] args) throws InterruptedException {
        ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(registerInOrder(new InMemorySchemaRegistry()));
        // Generous timeouts: the child starts while the test JVM, broker and Redis compete for a shared
        // machine's cores, and this test is about hard kills, not about a slow handshake.
        RedisStoreConfig redis = new RedisStoreConfig(args[1], Duration.ofSeconds(5), Duration.ofSeconds(5),
                RedisStoreConfig.DEFAULT_MAX_RECONNECT_DELAY);
        RedisOnlineStore store = RedisOnlineStore.connect(redis, OnlineStoreLayouts.of(Transactions.SPEC),
                Clock.systemUTC(), null);
        StreamingApp app = new StreamingApp(config(args[0], args[2]), Transactions.SPEC,
                new TopologyServices(wireFormat, store, new SimpleMeterRegistry(), Clock.systemUTC()));
        app.start();
        while (app.state() != KafkaStreams.State.RUNNING) {
            Thread.sleep(50);
        }
        System.out.println(RUNNING);
        System.out.flush();
        // Runs until the parent kills this JVM; never closed on purpose (the test is about unclean stops).
        Thread.currentThread().join();
    }
}
