package dev.lockstep.batch.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The archive directory as the archiver's source of truth: where a partition resumes is the offset
 * after the last record of its completed files, never a committed consumer offset, so a crash between
 * completing a file and committing cannot archive a record twice.
 */
final class ArchiveDirectory {

    private final Path directory;

    ArchiveDirectory(Path directory) {
        this.directory = directory;
    }

    /**
     * The last offset of the partition accounted for: in completed files, or recorded as deleted by retention
     * before it could be archived ({@link #recordDeleted}); empty if neither holds any.
     */
    OptionalLong lastArchivedOffset(String topic, int partition) {
        if (!Files.isDirectory(directory)) {
            return OptionalLong.empty();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .flatMap(name -> ArchiveFileName.partitionSpan(name).or(() -> ArchiveFileName.deletedSpan(name))
                            .stream())
                    .filter(span -> span.topic().equals(topic) && span.partition() == partition)
                    .mapToLong(ArchiveFileName.PartitionSpan::lastOffset)
                    .max();
        } catch (IOException e) {
            throw new ArchiveException("cannot list archive directory " + directory, e);
        }
    }

    /**
     * Records, durably, that offsets {@code [first, last]} of the partition were deleted by the topic's retention
     * before they were archived: the archive misses them, and says so ({@link #deletedSpans}).
     */
    void recordDeleted(String topic, int partition, long first, long last) {
        try {
            Files.createDirectories(directory);
            Path marker = directory.resolve(ArchiveFileName.deleted(topic, partition, first, last));
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
            // The marker is what a restart resumes after: make its name durable, as a completed file's.
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new ArchiveException("cannot record deleted offsets " + first + ".." + last + " of " + topic + "-"
                    + partition + " in " + directory, e);
        }
    }

    /** The offset spans the archive misses because retention deleted them first, in name order. */
    List<ArchiveFileName.PartitionSpan> deletedSpans() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted()
                    .flatMap(name -> ArchiveFileName.deletedSpan(name).stream()).toList();
        } catch (IOException e) {
            throw new ArchiveException("cannot list archive directory " + directory, e);
        }
    }

    /**
     * Deletes the partition's in-progress files, of any writer: left by a crash, or still being written by an
     * archiver that stalled and lost the partition, whose completion then fails; their records are read again.
     */
    int deleteInProgress(String topic, int partition) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        String prefix = topic + "-p" + partition + "-";
        int deleted = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(ArchiveWriter.SUFFIX + ArchiveWriter.IN_PROGRESS)
                        && name.substring(prefix.length()).matches("\\d{20}(-w[0-9a-f]+)?\\.avro\\.inprogress")) {
                    Files.delete(file);
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw new ArchiveException("cannot clean in-progress files of " + topic + "-" + partition + " in " + directory, e);
        }
        return deleted;
    }
}
