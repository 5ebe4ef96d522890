package dev.lockstep.batch.cli;

import dev.lockstep.batch.archive.ArchiveSource;
import dev.lockstep.batch.archive.Archiver;
import dev.lockstep.batch.archive.ArchiverConfig;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.wire.SchemaRegistries;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code archive}: runs the {@link Archiver} on the spec's source topics until stopped (SIGTERM or
 * Ctrl-C complete the open files first), or with {@code --until-caught-up} until the topics' current
 * ends are archived.
 */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = "Archive the source topics into rolling Avro files for batch recompute (every record exactly once).")
final class ArchiveCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--spec", required = true, paramLabel = "<file>", description = "feature spec (YAML): its sources are archived")
    Path specFile;

    @Option(names = "--kafka-bootstrap", required = true, paramLabel = "<servers>")
    String kafkaBootstrap;

    @Option(names = "--schema-registry", required = true, paramLabel = "<url>", description = "http://... or mem://name")
    String schemaRegistry;

    @Option(names = "--archive", required = true, paramLabel = "<dir>", description = "archive directory (local)")
    Path archive;

    @Option(names = "--kafka-config", paramLabel = "<file>",
            description = "Kafka client properties file for a secured cluster (security.protocol, ssl.*, sasl.*)")
    Path kafkaConfig;

    @Option(names = "--group-id", defaultValue = "lockstep-archiver", paramLabel = "<id>",
            description = "consumer group (its offsets show lag; where to resume is read from the archive)")
    String groupId;

    @Option(names = "--records-per-file", defaultValue = "500000", paramLabel = "<n>")
    long recordsPerFile;

    @Option(names = "--max-file-age", defaultValue = "PT1M", paramLabel = "<duration>", converter = InputOptions.DurationConverter.class,
            description = "complete a file after this long even if not full (default ${DEFAULT-VALUE})")
    Duration maxFileAge;

    @Option(names = "--until-caught-up", description = "stop once the topics' current ends are archived")
    boolean untilCaughtUp;

    @Option(names = "--progress-interval", defaultValue = "PT10S", paramLabel = "<duration>",
            converter = InputOptions.DurationConverter.class)
    Duration progressInterval;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        SpecHandle handle = SpecHandle.ofFile(specFile);
        List<ArchiveSource> sources = handle.load().sources().keySet().stream().map(handle::plan)
                .map(ArchiveSource::of).toList();
        ArchiverConfig config;
        try {
            config = new ArchiverConfig(kafkaBootstrap, groupId, archive, sources, recordsPerFile, maxFileAge,
                    KafkaClientConfigFile.read(kafkaConfig, spec.commandLine()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        out.printf("archiving %s from %s into %s%n", sources.stream().map(ArchiveSource::topic).toList(), kafkaBootstrap, archive);
        Archiver archiver = Archiver.start(config, SchemaRegistries.fromUrl(schemaRegistry));
        Thread stopper = new Thread(archiver::close, "lockstep-archiver-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            if (untilCaughtUp) {
                while (!archiver.awaitCaughtUp(progressInterval) && archiver.isRunning()) {
                    report(out, archiver);
                }
            } else {
                while (archiver.isRunning()) {
                    Thread.sleep(progressInterval.toMillis());
                    report(out, archiver);
                }
            }
        } finally {
            archiver.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // The hook is what is closing it.
            }
        }
        if (archiver.failure().isPresent()) {
            throw new BatchCliException("archiver failed: " + archiver.failure().get().getMessage(), archiver.failure().get());
        }
        report(out, archiver);
        out.printf("archive %s complete up to the topics' ends%n", archive);
        return 0;
    }

    private static void report(PrintWriter out, Archiver archiver) {
        out.printf("  archived %,d records in %,d completed files%n", archiver.recordsArchived(), archiver.filesCompleted());
        out.flush();
    }
}
