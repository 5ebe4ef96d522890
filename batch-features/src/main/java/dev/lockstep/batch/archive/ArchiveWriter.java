package dev.lockstep.batch.archive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes archive records into Avro container files in one directory, rolling to a new file every
 * {@code recordsPerFile} records. A file is written as {@code NAME.avro.inprogress} and renamed when
 * complete to {@code PREFIX-SEQUENCE-MINARRIVAL-MAXARRIVAL.avro}, so a reader listing {@code *.avro}
 * never sees a half-written file and can skip files outside an arrival range without opening them
 * ({@link ArchiveReader#listFiles(String, long, long)}). Not thread-safe: one writer per archiving task.
 */
public final class ArchiveWriter implements Closeable {

    static final String SUFFIX = ".avro";
    static final String IN_PROGRESS = ".inprogress";

    private final Path directory;
    private final String prefix;
    private final Schema schema;
    private final long recordsPerFile;
    private final List<Path> completed = new ArrayList<>();
    private DataFileWriter<GenericRecord> current;
    private Path currentPath;
    private long inCurrent;
    private long minArrival;
    private long maxArrival;
    private int sequence;

    /**
     * @param directory      where files go (created if missing)
     * @param prefix         file name prefix, e.g. the topic and a writer id, so writers never collide
     * @param eventSchema    the source's event schema (see {@link ArchiveSchema#forEvents})
     * @param recordsPerFile how many records a file holds before the writer rolls to the next
     */
    public ArchiveWriter(Path directory, String prefix, Schema eventSchema, long recordsPerFile) {
        if (recordsPerFile < 1) {
            throw new IllegalArgumentException("Invalid value " + recordsPerFile + " for recordsPerFile: must be at least 1");
        }
        this.directory = directory;
        this.prefix = prefix;
        this.schema = ArchiveSchema.forEvents(eventSchema);
        this.recordsPerFile = recordsPerFile;
    }

    public void write(ArchivedRecord record) {
        if (current == null) {
            open();
        }
        try {
            current.append(record.toAvro(schema));
        } catch (IOException | RuntimeException e) {
            throw new ArchiveException("cannot append record " + record.position() + " to " + currentPath, e);
        }
        minArrival = Math.min(minArrival, record.position().arrivalMillis());
        maxArrival = Math.max(maxArrival, record.position().arrivalMillis());
        if (++inCurrent >= recordsPerFile) {
            roll();
        }
    }

    public void writeAll(Iterable<ArchivedRecord> records) {
        records.forEach(this::write);
    }

    /** The files completed so far, in the order they were written. */
    public List<Path> files() {
        return List.copyOf(completed);
    }

    @Override
    public void close() {
        if (current != null) {
            roll();
        }
    }

    private void open() {
        currentPath = directory.resolve(String.format("%s-%06d%s%s", prefix, sequence++, SUFFIX, IN_PROGRESS));
        try {
            Files.createDirectories(directory);
            current = ArchiveFileFormat.create(schema, currentPath.toFile());
        } catch (IOException e) {
            throw new ArchiveException("cannot create archive file " + currentPath, e);
        }
        inCurrent = 0;
        minArrival = Long.MAX_VALUE;
        maxArrival = Long.MIN_VALUE;
    }

    private void roll() {
        String name = currentPath.getFileName().toString().replace(SUFFIX + IN_PROGRESS, "");
        Path done = directory.resolve(ArchiveFileName.of(name, minArrival, maxArrival));
        try {
            current.close();
            Files.move(currentPath, done, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ArchiveException("cannot complete archive file " + currentPath, e);
        }
        completed.add(done);
        current = null;
        currentPath = null;
    }
}
