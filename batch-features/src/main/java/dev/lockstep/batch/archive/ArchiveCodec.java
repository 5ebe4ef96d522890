package dev.lockstep.batch.archive;

import org.apache.avro.file.CodecFactory;

/**
 * The compression archive files are written with: Zstandard, level 1. Against deflate level 1 (the
 * codec before) it gives files of about the same size and decompresses in well under its time, and
 * reading is most of a recompute's cost per event (docs/benchmarks.md, "Batch"). Each file names its
 * codec in its header, so files written with another codec are read as before.
 */
final class ArchiveCodec {

    private ArchiveCodec() {
    }

    static CodecFactory forWriting() {
        return CodecFactory.zstandardCodec(1);
    }
}
