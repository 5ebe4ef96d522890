package dev.lockstep.batch.archive;

import dev.lockstep.wire.InMemorySchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An archiver in a child JVM, for {@link ArchiverIT} to SIGKILL. Its in-memory registry holds the
 * transaction schema under the same id the test's producer uses (the first id, 1).
 * Args: bootstrap servers, archive directory, group id.
 */
public final class ArchiverChildMain {

    static final String RUNNING = "ARCHIVER-CHILD-RUNNING";

    private ArchiverChildMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        registry.register(ArchiverIT.SUBJECT, ArchiverIT.SCHEMA);
        ArchiverConfig config = ArchiverConfig.of(args[0], args[2], Path.of(args[1]),
                        List.of(new ArchiveSource(ArchiverIT.TOPIC, ArchiverIT.SCHEMA)))
                .withRolling(150, Duration.ofMillis(300))
                // The next child joins the group of a SIGKILLed one: evict the dead member quickly.
                .withConsumerOverrides(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000"));
        Archiver archiver = Archiver.start(config, registry);
        System.out.println(RUNNING);
        while (archiver.isRunning()) {
            Thread.sleep(100);
        }
        System.out.println("archiver stopped: " + archiver.failure());
        System.exit(1);
    }
}
