package dev.lockstep.batch.archive;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.mapred.FsInput;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads archive files through Hadoop's file systems, so the same code reads a local directory in tests
 * and HDFS or an object store on a cluster. Each file carries its own writer schema, so files written
 * under different versions of the event schema can be read side by side.
 */
public final class ArchiveReader {

    private ArchiveReader() {
    }

    /** The completed archive files ({@code *.avro}) directly in a directory, sorted by name. */
    public static List<String> listFiles(String directory) {
        return listFiles(directory, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * The completed archive files of a directory that may hold records that arrived in
     * {@code [fromArrival, toArrival)}, judged by the arrival bounds in their names, sorted by name.
     */
    public static List<String> listFiles(String directory, long fromArrival, long toArrival) {
        return new ArrayList<>(listFileSizes(directory, fromArrival, toArrival).keySet());
    }

    /**
     * As {@link #listFiles(String, long, long)}, with each file's size in bytes from the same listing:
     * sorted by name.
     */
    public static SortedMap<String, Long> listFileSizes(String directory, long fromArrival, long toArrival) {
        Path dir = new Path(directory);
        try {
            FileSystem fs = dir.getFileSystem(new Configuration());
            FileStatus[] statuses = fs.listStatus(dir, path -> path.getName().endsWith(ArchiveWriter.SUFFIX)
                    && ArchiveFileName.mayOverlap(path.getName(), fromArrival, toArrival));
            SortedMap<String, Long> sizes = new TreeMap<>();
            for (FileStatus status : statuses) {
                sizes.put(status.getPath().toString(), status.getLen());
            }
            return sizes;
        } catch (IOException e) {
            throw new ArchiveException("cannot list archive directory " + directory, e);
        }
    }

    /**
     * Hands every record of one archive file to {@code sink}, in file order. A file that is not an
     * archive (its schema lacks an archive field), truncated or corrupt fails with an
     * {@link ArchiveException} naming the file and what is wrong, never with a partial silent read.
     */
    public static void read(String file, Consumer<ArchivedRecord> sink) {
        read(file, EventProjection.allFields(), sink);
    }

    /** As {@link #read(String, Consumer)}, decoding only the events' fields of the projection. */
    public static void read(String file, EventProjection projection, Consumer<ArchivedRecord> sink) {
        try (Cursor cursor = open(file, projection)) {
            cursor.forEachRemaining(sink);
        }
    }

    /**
     * Opens one archive file for reading record by record, in file order, so a caller can stream a file
     * without holding it in memory. Fails as {@link #read} does; a failure in the middle of the file
     * comes from {@link Cursor#next} after the records before it were handed out, so a caller that must
     * not act on part of a bad file reads it whole first.
     */
    public static Cursor open(String file) {
        return open(file, EventProjection.allFields());
    }

    /** As {@link #open(String)}, decoding only the events' fields of the projection. */
    public static Cursor open(String file, EventProjection projection) {
        FsInput input = null;
        try {
            input = new FsInput(new Path(file), new Configuration());
            GenericDatumReader<GenericRecord> datumReader = datumReader();
            DataFileReader<GenericRecord> reader = new DataFileReader<>(input, datumReader);
            Schema written = reader.getSchema();
            // Fails naming the file if it is not an archive. The reader schema keeps the archive fields in
            // their written order, so the positions hold for the records read.
            ArchiveFieldPositions fields = ArchiveFieldPositions.in(file, written);
            // Before the first record; setSchema again drops a reader resolved for the written schema alone
            // (setExpected leaves one in place).
            datumReader.setExpected(projection.readerSchema(written));
            datumReader.setSchema(written);
            ArchiveFileEnd.checkComplete(file);
            return new Cursor(file, reader, fields);
        } catch (IOException e) {
            closeQuietly(input);
            throw new ArchiveException("cannot read archive file " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(input);
            throw e instanceof ArchiveException archive ? archive
                    : new ArchiveException("corrupt archive file " + file + ": " + e, e);
        }
    }

    /** The records of one open archive file; closes the file when read to the end or on a failure. */
    public static final class Cursor implements Iterator<ArchivedRecord>, Closeable {

        private final String file;
        private final DataFileReader<GenericRecord> reader;
        private final ArchiveFieldPositions fields;
        private long records;
        private boolean closed;

        private Cursor(String file, DataFileReader<GenericRecord> reader, ArchiveFieldPositions fields) {
            this.file = file;
            this.reader = reader;
            this.fields = fields;
        }

        @Override
        public boolean hasNext() {
            if (closed) {
                return false;
            }
            boolean more = guarded(reader::hasNext);
            if (!more) {
                close();
            }
            return more;
        }

        @Override
        public ArchivedRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more records in archive file " + file);
            }
            // A fresh record each time, not next(reuse): the event is handed on and may be kept.
            ArchivedRecord record = guarded(() -> ArchivedRecord.fromAvro(reader.next(), fields, file));
            records++;
            return record;
        }

        private <T> T guarded(Supplier<T> step) {
            try {
                return step.get();
            } catch (ArchiveException e) {
                close();
                throw e;
            } catch (RuntimeException e) {
                close();
                // Avro reports a truncated or corrupt block as AvroRuntimeException and the like.
                throw new ArchiveException("corrupt archive file " + file + " (after " + records + " records): " + e, e);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                closeQuietly(reader);
            }
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException ignored) {
            // Reading is done or has failed already; a failed close of a read-only file loses nothing.
        }
    }

    /**
     * Avro's fast reader (resolved once per schema pair, then plain field writes): the generic reader
     * resolves each string's Java class through a cache lookup per value, a large share of a recompute's
     * scan. It builds the same generic records.
     */
    private static GenericDatumReader<GenericRecord> datumReader() {
        GenericData data = new GenericData();
        data.setFastReaderEnabled(true);
        return new GenericDatumReader<>(null, null, data);
    }
}
