package dev.lockstep.wire;

import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A decoded record and where it came from.
 *
 * @param schemaId the id in the record's header
 * @param writerSchema the schema the producer wrote with, resolved from the id
 * @param record the record, in the reader schema
 */
public record DecodeResult(int schemaId, Schema writerSchema, GenericRecord record) {

    public DecodeResult {
        Objects.requireNonNull(writerSchema, "writerSchema");
        Objects.requireNonNull(record, "record");
    }
}
