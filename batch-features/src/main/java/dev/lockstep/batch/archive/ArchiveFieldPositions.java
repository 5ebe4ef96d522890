package dev.lockstep.batch.archive;

import org.apache.avro.Schema;

/**
 * Where the archive fields sit in one file's schema: resolved once per file, so that each record's
 * fields are read by position rather than looked up by name (a schema map lookup per field per record).
 */
record ArchiveFieldPositions(int topic, int partition, int offset, int arrival, int key, int event, int decodeFailure) {

    /** The positions in a file's schema; fails naming the file and the missing field if it is not an archive. */
    static ArchiveFieldPositions in(String file, Schema schema) {
        return new ArchiveFieldPositions(position(file, schema, ArchiveSchema.TOPIC),
                position(file, schema, ArchiveSchema.PARTITION), position(file, schema, ArchiveSchema.OFFSET),
                position(file, schema, ArchiveSchema.ARRIVAL), position(file, schema, ArchiveSchema.KEY),
                position(file, schema, ArchiveSchema.EVENT), position(file, schema, ArchiveSchema.DECODE_FAILURE));
    }

    private static int position(String file, Schema schema, String field) {
        Schema.Field found = schema.getType() == Schema.Type.RECORD ? schema.getField(field) : null;
        if (found == null) {
            throw new ArchiveException("not an archive file: " + file + " has schema " + schema.getFullName()
                    + ", which lacks the archive field '" + field + "'", null);
        }
        return found.pos();
    }
}
