package dev.lockstep.batch.archive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@link Archiver} runs.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param groupId          consumer group; its committed offsets show the archiver's lag, but where
 *                         archiving resumes is read from the archive directory itself
 * @param directory        where archive files go (one directory for all sources)
 * @param sources          the topics to archive, each with its event schema
 * @param recordsPerFile   a partition's file is completed after this many records
 * @param maxFileAge       ... or when it has been open this long, so the archive stays fresh when traffic is low
 * @param consumerOverrides extra consumer properties (security settings etc.); the isolation level and
 *                         offset handling the archiver relies on cannot be overridden
 */
public record ArchiverConfig(String bootstrapServers, String groupId, Path directory, List<ArchiveSource> sources,
                             long recordsPerFile, Duration maxFileAge, Map<String, String> consumerOverrides) {

    public static final long DEFAULT_RECORDS_PER_FILE = 500_000;
    public static final Duration DEFAULT_MAX_FILE_AGE = Duration.ofMinutes(1);

    public ArchiverConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(directory, "directory");
        sources = List.copyOf(sources);
        consumerOverrides = Map.copyOf(consumerOverrides);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("Invalid archiver sources: at least one topic is needed");
        }
        if (recordsPerFile < 1) {
            throw new IllegalArgumentException("Invalid value " + recordsPerFile + " for recordsPerFile: must be at least 1");
        }
        if (maxFileAge == null || maxFileAge.isNegative() || maxFileAge.isZero()) {
            throw new IllegalArgumentException("Invalid value " + maxFileAge + " for maxFileAge: must be positive");
        }
    }

    /** Defaults: 500,000 records or one minute per file, no consumer overrides. */
    public static ArchiverConfig of(String bootstrapServers, String groupId, Path directory, List<ArchiveSource> sources) {
        return new ArchiverConfig(bootstrapServers, groupId, directory, sources, DEFAULT_RECORDS_PER_FILE,
                DEFAULT_MAX_FILE_AGE, Map.of());
    }

    public ArchiverConfig withRolling(long records, Duration age) {
        return new ArchiverConfig(bootstrapServers, groupId, directory, sources, records, age, consumerOverrides);
    }

    public ArchiverConfig withConsumerOverrides(Map<String, String> overrides) {
        return new ArchiverConfig(bootstrapServers, groupId, directory, sources, recordsPerFile, maxFileAge, overrides);
    }
}
