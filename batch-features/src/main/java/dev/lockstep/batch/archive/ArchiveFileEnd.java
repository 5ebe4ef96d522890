package dev.lockstep.batch.archive;

import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Detects a truncated Avro container file. Avro's reader treats an end of file inside a block as the end
 * of the data ({@code hasNext()} returns false), so a file cut short would silently lose its last block.
 * Every block of a container file is followed by the file's 16-byte sync marker (the last bytes of its
 * header), so a complete file ends with that marker; one cut inside a block does not.
 */
final class ArchiveFileEnd {

    private static final int SYNC_SIZE = 16;

    private ArchiveFileEnd() {
    }

    static void checkComplete(String file) throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(new Configuration());
        long length = fs.getFileStatus(path).getLen();
        try (FSDataInputStream in = fs.open(path)) {
            BinaryDecoder header = DecoderFactory.get().directBinaryDecoder(in, null);
            header.readFixed(new byte[4]); // magic, already checked by Avro's reader
            for (long entries = header.readMapStart(); entries != 0; entries = header.mapNext()) {
                for (long i = 0; i < entries; i++) {
                    header.skipString();
                    header.skipBytes();
                }
            }
            byte[] sync = new byte[SYNC_SIZE];
            header.readFixed(sync);
            byte[] tail = new byte[SYNC_SIZE];
            in.seek(length - SYNC_SIZE);
            in.readFully(tail);
            if (!Arrays.equals(sync, tail)) {
                throw new ArchiveException("truncated archive file " + file + " (" + length
                        + " bytes): it does not end with a complete block (no sync marker at its end)", null);
            }
        }
    }
}
