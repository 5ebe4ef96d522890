package dev.lockstep.batch.archive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
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
        Path dir = new Path(directory);
        try {
            FileSystem fs = dir.getFileSystem(new Configuration());
            FileStatus[] statuses = fs.listStatus(dir, path -> path.getName().endsWith(ArchiveWriter.SUFFIX)
                    && ArchiveFileName.mayOverlap(path.getName(), fromArrival, toArrival));
            List<String> files = new ArrayList<>();
            Arrays.stream(statuses).map(status -> status.getPath().toString()).sorted().forEach(files::add);
            return files;
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
        Path path = new Path(file);
        long records = 0;
        try (FsInput input = new FsInput(path, new Configuration());
                DataFileReader<GenericRecord> reader = new DataFileReader<>(input, datumReader())) {
            checkSchema(file, reader.getSchema());
            ArchiveFileEnd.checkComplete(file);
            while (reader.hasNext()) {
                // A fresh record each time, not next(reuse): the event is handed on and may be kept.
                sink.accept(ArchivedRecord.fromAvro(reader.next(), file));
                records++;
            }
        } catch (IOException e) {
            throw new ArchiveException("cannot read archive file " + file + " (after " + records + " records): "
                    + e.getMessage(), e);
        } catch (ArchiveException e) {
            throw e;
        } catch (RuntimeException e) {
            // Avro reports a truncated or corrupt block as AvroRuntimeException and the like.
            throw new ArchiveException("corrupt archive file " + file + " (after " + records + " records): " + e, e);
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

    private static void checkSchema(String file, Schema schema) {
        for (String field : ArchiveSchema.FIELDS) {
            if (schema.getType() != Schema.Type.RECORD || schema.getField(field) == null) {
                throw new ArchiveException("not an archive file: " + file + " has schema " + schema.getFullName()
                        + ", which lacks the archive field '" + field + "'", null);
            }
        }
    }
}
