package dev.lockstep.batch.cli;

import dev.lockstep.batch.offline.TableManifest;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What every recompute-based command reads: the spec, the groups, the arrival range and the input. */
final class InputOptions {

    @Option(names = "--spec", required = true, paramLabel = "<file>", description = "feature spec (YAML)")
    Path spec;

    @Option(names = "--groups", split = ",", paramLabel = "<group>",
            description = "feature groups to compute (default: all groups of the spec)")
    List<String> groups;

    @Option(names = "--from", paramLabel = "<time>", converter = TimeConverter.class,
            description = "start of the arrival range, inclusive: ISO instant or date (UTC); required, except for"
                    + " an incremental backfill, where it starts groups that have no batch watermark yet")
    Instant from;

    @Option(names = "--to", paramLabel = "<time>", converter = TimeConverter.class,
            description = "end of the arrival range, exclusive; tiles are judged closed here; required, except for"
                    + " an incremental backfill (now minus --settle)")
    Instant to;

    @Option(names = "--archive", paramLabel = "<dir>", description = "archive directory (local, hdfs://, ...)")
    String archive;

    @Option(names = "--kafka-bootstrap", paramLabel = "<servers>",
            description = "read the source topics directly instead of an archive")
    String kafkaBootstrap;

    @Option(names = "--kafka-config", paramLabel = "<file>",
            description = "Kafka client properties file for a secured cluster (security.protocol, ssl.*, sasl.*), for"
                    + " --kafka-bootstrap input")
    Path kafkaConfig;

    /** The settings of {@code --kafka-config}, read by {@link #select}; none without it. */
    Map<String, String> kafkaClient = Map.of();

    @Option(names = "--topic-range", paramLabel = "<p:start-end,...>",
            description = "explicit offsets per partition (end exclusive) for a single source; default: the offsets of --from/--to"
                    + " (minus the dedup look-behind) by arrival time")
    String topicRange;

    @Option(names = "--schema-registry", paramLabel = "<url>",
            description = "schema registry to decode Kafka records with (http://..., mem://name)")
    String schemaRegistry;

    @Option(names = "--master", paramLabel = "<url>",
            description = "Spark master (default local[2]; under spark-submit, spark-submit's)")
    String master;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "<n>",
            description = "tasks reading the archive (default: 2 per core of the master)")
    int partitions;

    @Option(names = "--skip-bad-files",
            description = "skip unreadable archive files, reporting each (name and reason); default: fail naming the file")
    boolean skipBadFiles;

    @Option(names = "--dry-run", description = "say what would be written (groups, tiles, entities, range) and write nothing")
    boolean dryRun;

    @Option(names = "--progress-interval", defaultValue = "PT5S", paramLabel = "<duration>",
            converter = DurationConverter.class, description = "how often progress is shown (default ${DEFAULT-VALUE})")
    Duration progressInterval;

    /**
     * Checks the arguments against each other and the spec, and resolves them with the range of
     * {@code --from} and {@code --to}; bad arguments are picocli parameter errors (exit 2).
     */
    BatchJob resolve(CommandLine commandLine) {
        if (from == null || to == null) {
            throw new CommandLine.ParameterException(commandLine, "Missing required option" + (from == null && to == null
                    ? "s: '--from=<time>', '--to=<time>'" : ": '" + (from == null ? "--from" : "--to") + "=<time>'"));
        }
        if (!from.isBefore(to)) {
            throw new CommandLine.ParameterException(commandLine, "Invalid range: --from " + from
                    + " must be before --to " + to);
        }
        return select(commandLine).over(new ArchiveRange(from.toEpochMilli(), to.toEpochMilli()));
    }

    /** Refuses (exit 2) a group of {@code --groups} that the offline tile table does not hold. */
    static void requireTableHolds(CommandLine commandLine, String table, TableManifest manifest,
                                  Collection<String> groups) {
        for (String group : groups) {
            if (!manifest.groups().contains(group)) {
                throw new CommandLine.ParameterException(commandLine, "Unknown feature group '" + group
                        + "' in --groups: table " + table + " holds " + manifest.groups());
            }
        }
    }

    /** Checks every argument but the range against each other and the spec, and selects the groups. */
    JobSelection select(CommandLine commandLine) {
        if ((archive == null) == (kafkaBootstrap == null)) {
            throw new CommandLine.ParameterException(commandLine,
                    "Give exactly one input: --archive <dir> or --kafka-bootstrap <servers>");
        }
        if (kafkaBootstrap != null && schemaRegistry == null) {
            throw new CommandLine.ParameterException(commandLine, "--kafka-bootstrap needs --schema-registry <url> to decode records");
        }
        if (topicRange != null && kafkaBootstrap == null) {
            throw new CommandLine.ParameterException(commandLine, "--topic-range applies to --kafka-bootstrap input only");
        }
        if (kafkaConfig != null && kafkaBootstrap == null) {
            throw new CommandLine.ParameterException(commandLine, "--kafka-config applies to --kafka-bootstrap input only");
        }
        kafkaClient = KafkaClientConfigFile.read(kafkaConfig, commandLine);
        if (partitions < 0) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value " + partitions + " for --partitions: must be positive");
        }
        SpecHandle handle = SpecHandle.ofFile(spec);
        Map<String, Set<String>> groupsBySource = groupsBySource(commandLine, handle);
        if (topicRange != null && groupsBySource.size() > 1) {
            throw new CommandLine.ParameterException(commandLine, "--topic-range names offsets of one topic, but the groups read "
                    + groupsBySource.size() + " sources " + groupsBySource.keySet() + ": select groups of one source with --groups");
        }
        return new JobSelection(this, handle, groupsBySource);
    }

    private Map<String, Set<String>> groupsBySource(CommandLine commandLine, SpecHandle handle) {
        var loaded = handle.load();
        Map<String, String> sourceOfGroup = new LinkedHashMap<>();
        for (String source : loaded.sources().keySet()) {
            SourcePlan plan = handle.plan(source);
            for (GroupPlan group : plan.groups()) {
                sourceOfGroup.put(group.name(), source);
            }
        }
        List<String> wanted = groups == null ? List.copyOf(sourceOfGroup.keySet()) : groups;
        Map<String, Set<String>> bySource = new LinkedHashMap<>();
        for (String group : wanted) {
            String source = sourceOfGroup.get(group);
            if (source == null) {
                throw new CommandLine.ParameterException(commandLine, "Unknown feature group '" + group + "' in --groups: "
                        + spec + " defines " + new TreeSet<>(sourceOfGroup.keySet()));
            }
            bySource.computeIfAbsent(source, unused -> new LinkedHashSet<>()).add(group);
        }
        if (bySource.isEmpty()) {
            throw new CommandLine.ParameterException(commandLine, "No feature groups to compute: " + spec + " defines none");
        }
        return bySource;
    }

    /** ISO-8601 durations ({@code PT5S}), with the expected form in the error. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Duration.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an ISO-8601 duration such as PT5S");
            }
        }
    }
}
