package dev.lockstep.batch.archive;

import java.io.File;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * How archive files are written: Avro container files of Zstandard-compressed blocks of up to
 * {@value #BLOCK_BYTES} bytes (before compression). Readers take the codec from each file's header, so
 * files written before with deflate stay readable next to these.
 *
 * <p>Why: every read of the archive decompresses all of it, a recompute's largest cost outside Java code
 * (a perf profile of a 10M-event recompute put zlib's inflate at 12.6% of the executor threads' CPU).
 * Zstandard decompresses faster, but setting up its native stream for each block ate most of the gain at
 * Avro's default 64 kB blocks; at 1 MiB the recompute's scan reads 1.3-1.4x faster than from deflate, and
 * Spark's Avro reader 1.1-1.4x (docs/benchmarks.md, "Batch"). The cost: a writer buffers up to a block per
 * open file, so the archiver holds up to 1 MiB per partition it archives.
 */
final class ArchiveFileFormat {

    static final int BLOCK_BYTES = 1 << 20;
    /** A fast level (decompression speed hardly depends on it): the archiver compresses as records stream in. */
    private static final int ZSTD_LEVEL = 1;

    private ArchiveFileFormat() {
    }

    /** Creates an archive file of records of the given archive schema ({@link ArchiveSchema#forEvents}). */
    static DataFileWriter<GenericRecord> create(Schema archiveSchema, File file) throws IOException {
        return new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(archiveSchema))
                .setCodec(CodecFactory.zstandardCodec(ZSTD_LEVEL))
                .setSyncInterval(BLOCK_BYTES)
                .create(archiveSchema, file);
    }
}
