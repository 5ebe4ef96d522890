package dev.lockstep.parity.oracle;

import java.io.IOException;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * The oracle's own reading of the Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro
 * binary), straight on Avro: it shares no code with the wire-format module. Rules, from the contract:
 * not the wire format or not a readable record: UNDECODABLE; an id the registry does not know, or a writer
 * schema the source's schema cannot read: UNKNOWN_SCHEMA.
 */
final class OracleDecoder {

    /** A decoded record, or the reason code it was rejected with. */
    record Decoded(GenericRecord record, String rejection) {
    }

    private final Schema reader;
    /** Looks a schema up by id; null when the registry does not know it. */
    private final IntFunction<Schema> schemaById;

    OracleDecoder(Schema reader, IntFunction<Schema> schemaById) {
        this.reader = reader;
        this.schemaById = schemaById;
    }

    Decoded decode(byte[] value) {
        if (value == null || value.length < 5 || value[0] != 0) {
            return new Decoded(null, "UNDECODABLE");
        }
        int id = ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8) | (value[4] & 0xff);
        Schema writer = schemaById.apply(id);
        if (writer == null) {
            return new Decoded(null, "UNKNOWN_SCHEMA");
        }
        if (SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return new Decoded(null, "UNKNOWN_SCHEMA");
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
        try {
            GenericRecord record = new GenericDatumReader<GenericRecord>(writer, reader).read(null, decoder);
            if (!decoder.isEnd()) {
                return new Decoded(null, "UNDECODABLE");
            }
            return new Decoded(record, null);
        } catch (IOException | RuntimeException e) {
            return new Decoded(null, "UNDECODABLE");
        }
    }
}
