package dev.lockstep.batch.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * One archiver file of one topic partition, from its first record to its completion. Completing it
 * fsyncs the data, renames it to its final name (which carries the offset span) and fsyncs the
 * directory, so once {@link #complete()} returns the file survives a crash and only then may the
 * archiver commit the offsets it holds.
 */
final class PartitionFile {

    private final Path directory;
    private final String topic;
    private final int partition;
    private final long firstOffset;
    private final Path path;
    private final DataFileWriter<GenericRecord> writer;
    private final Schema schema;
    private final long openedAtNanos;
    private long lastOffset;
    private long records;
    private long minArrival = Long.MAX_VALUE;
    private long maxArrival = Long.MIN_VALUE;

    private PartitionFile(Path directory, String topic, int partition, long firstOffset, Schema schema,
                          DataFileWriter<GenericRecord> writer, Path path) {
        this.directory = directory;
        this.topic = topic;
        this.partition = partition;
        this.firstOffset = firstOffset;
        this.schema = schema;
        this.writer = writer;
        this.path = path;
        this.openedAtNanos = System.nanoTime();
    }

    /** Creates (or truncates a stale) in-progress file of {@code writerId} for records from {@code firstOffset} on. */
    static PartitionFile open(Path directory, String topic, int partition, long firstOffset, String writerId,
                              Schema archiveSchema) {
        Path path = directory.resolve(ArchiveFileName.inProgress(topic, partition, firstOffset, writerId));
        try {
            Files.createDirectories(directory);
            DataFileWriter<GenericRecord> writer = ArchiveFileFormat.create(archiveSchema, path.toFile());
            return new PartitionFile(directory, topic, partition, firstOffset, archiveSchema, writer, path);
        } catch (IOException e) {
            throw new ArchiveException("cannot create archive file " + path, e);
        }
    }

    void append(ArchivedRecord record) {
        try {
            writer.append(record.toAvro(schema));
        } catch (IOException | RuntimeException e) {
            throw new ArchiveException("cannot append record " + record.position() + " to " + path, e);
        }
        lastOffset = record.position().offset();
        minArrival = Math.min(minArrival, record.position().arrivalMillis());
        maxArrival = Math.max(maxArrival, record.position().arrivalMillis());
        records++;
    }

    long records() {
        return records;
    }

    long firstOffset() {
        return firstOffset;
    }

    long lastOffset() {
        return lastOffset;
    }

    long ageNanos(long nowNanos) {
        return nowNanos - openedAtNanos;
    }

    /**
     * Makes the file durable under its final name; returns that name, or empty when the in-progress file is
     * gone: an archiver that took the partition over deleted it (its records are archived there).
     */
    Optional<Path> complete() {
        Path done = directory.resolve(ArchiveFileName.ofPartition(topic, partition, firstOffset, lastOffset,
                minArrival, maxArrival));
        try {
            writer.fSync();
            writer.close();
            try {
                // Atomic against the new owner's deletion: either this file is complete before it lists the
                // directory, so it resumes after it, or the file is gone and this fails.
                Files.move(path, done, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            // The rename itself is durable only once the directory entry is.
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new ArchiveException("cannot complete archive file " + path + " as " + done, e);
        }
        return Optional.of(done);
    }

    /** Closes and deletes the in-progress file (its records will be read again). */
    void abandon() {
        try {
            writer.close();
        } catch (IOException | RuntimeException ignored) {
            // Deleting it below is all that matters; a half-closed writer changes nothing.
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new ArchiveException("cannot delete abandoned archive file " + path, e);
        }
    }
}
