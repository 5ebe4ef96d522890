package dev.lockstep.batch.archive;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an archive file's name carries. Every name ends in {@code -MINARRIVAL-MAXARRIVAL.avro} (both
 * inclusive, epoch millis), which lets a job skip files without opening them. Files the
 * {@link Archiver} writes also carry their source partition and offset span:
 * {@code TOPIC-pPARTITION-FIRSTOFFSET-LASTOFFSET-MINARRIVAL-MAXARRIVAL.avro} (offsets zero-padded to 20
 * digits, so names sort by offset), from which a restarted archiver knows where to resume. Offsets the topic's
 * retention deleted before they were archived are recorded by an empty file
 * {@code TOPIC-pPARTITION-FIRSTOFFSET-LASTOFFSET.deleted}, which jobs do not read and a restart resumes after.
 */
final class ArchiveFileName {

    private static final Pattern BOUNDS = Pattern.compile(".*-(\\d+)-(\\d+)\\.avro");
    private static final Pattern PARTITION_FILE = Pattern.compile("(.+)-p(\\d+)-(\\d{20})-(\\d{20})-(\\d+)-(\\d+)\\.avro");
    private static final Pattern DELETED = Pattern.compile("(.+)-p(\\d+)-(\\d{20})-(\\d{20})\\.deleted");
    private static final String DELETED_SUFFIX = ".deleted";

    private ArchiveFileName() {
    }

    static String of(String name, long minArrival, long maxArrival) {
        return name + "-" + minArrival + "-" + maxArrival + ArchiveWriter.SUFFIX;
    }

    /** The name of a completed archiver file. */
    static String ofPartition(String topic, int partition, long firstOffset, long lastOffset, long minArrival,
                              long maxArrival) {
        return of(String.format("%s-p%d-%020d-%020d", topic, partition, firstOffset, lastOffset), minArrival, maxArrival);
    }

    /**
     * The name an archiver file has while it is being written, with its writer's id: two archivers that both
     * believe they own the partition (one of them stalled) never write into one file.
     */
    static String inProgress(String topic, int partition, long firstOffset, String writer) {
        return String.format("%s-p%d-%020d-w%s%s%s", topic, partition, firstOffset, writer, ArchiveWriter.SUFFIX,
                ArchiveWriter.IN_PROGRESS);
    }

    /** The marker of offsets deleted by retention before the archiver read them. */
    static String deleted(String topic, int partition, long firstOffset, long lastOffset) {
        return String.format("%s-p%d-%020d-%020d%s", topic, partition, firstOffset, lastOffset, DELETED_SUFFIX);
    }

    /** The topic, partition and offsets of a {@link #deleted} marker, or empty for any other name. */
    static Optional<PartitionSpan> deletedSpan(String fileName) {
        return span(DELETED.matcher(fileName));
    }

    /** The topic, partition and offsets of an archiver file, or empty for any other name. */
    static Optional<PartitionSpan> partitionSpan(String fileName) {
        return span(PARTITION_FILE.matcher(fileName));
    }

    /** Topic, partition, first and last offset from groups 1-4 of a name that matches. */
    private static Optional<PartitionSpan> span(Matcher matcher) {
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new PartitionSpan(matcher.group(1), Integer.parseInt(matcher.group(2)),
                Long.parseLong(matcher.group(3)), Long.parseLong(matcher.group(4))));
    }

    /**
     * Whether a file may hold records that arrived in {@code [from, to)}. A name without bounds (e.g. a
     * file written by another tool) may hold anything.
     */
    static boolean mayOverlap(String fileName, long from, long to) {
        Matcher matcher = BOUNDS.matcher(fileName);
        if (!matcher.matches()) {
            return true;
        }
        long min = Long.parseLong(matcher.group(1));
        long max = Long.parseLong(matcher.group(2));
        return max >= from && min < to;
    }

    /** The records of one topic partition a file holds: offsets {@code [first, last]}. */
    record PartitionSpan(String topic, int partition, long firstOffset, long lastOffset) {
    }
}
