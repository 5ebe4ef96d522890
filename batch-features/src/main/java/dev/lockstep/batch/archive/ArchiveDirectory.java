package dev.lockstep.batch.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The last offset of the partition in completed files, or empty if none holds any. */
    OptionalLong lastArchivedOffset(String topic, int partition) {
        if (!Files.isDirectory(directory)) {
            return OptionalLong.empty();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> ArchiveFileName.partitionSpan(file.getFileName().toString()))
                    .flatMap(span -> span.stream())
                    .filter(span -> span.topic().equals(topic) && span.partition() == partition)
                    .mapToLong(ArchiveFileName.PartitionSpan::lastOffset)
                    .max();
        } catch (IOException e) {
            throw new ArchiveException("cannot list archive directory " + directory, e);
        }
    }

    /** Deletes the partition's in-progress files left by a crash; their records are read again. */
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
                        && name.substring(prefix.length()).matches("\\d{20}\\.avro\\.inprogress")) {
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
