package dev.lockstep.wire.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Datum readers per (writer, reader) schema pair and writers per schema, built once.
 *
 * <p>Decode is on the hot path, and a {@link GenericDatumReader} builds its resolving grammar for a
 * schema pair on first use; a new reader per record would rebuild it every time. Readers and writers
 * are thread-safe once built (Avro keeps the per-thread resolver state inside the reader). The caches
 * are unbounded because their keys are bounded: the schema ids seen on a topic times the reader
 * schemas of this process.
 */
public final class DatumCache {

    private final Map<SchemaPair, Resolution> readers = new ConcurrentHashMap<>();
    private final Map<Schema, GenericDatumWriter<GenericRecord>> writers = new ConcurrentHashMap<>();

    /** The reader for records written with {@code writer} and read as {@code reader}. */
    public Resolution reader(Schema writer, Schema reader) {
        return readers.computeIfAbsent(new SchemaPair(writer, reader), DatumCache::resolve);
    }

    /** The writer for records of {@code schema}. */
    public GenericDatumWriter<GenericRecord> writer(Schema schema) {
        return writers.computeIfAbsent(schema, s -> new GenericDatumWriter<>(s, GenericData.get()));
    }

    private static Resolution resolve(SchemaPair pair) {
        // Avro resolves lazily and only fails on the record that hits an unreadable branch, as
        // Confluent's deserializer does; the compatibility verdict is computed once so a failure can
        // be reported as a schema mismatch rather than as malformed data.
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(pair.reader(), pair.writer());
        Optional<String> incompatibility = compatibility.getType() == SchemaCompatibilityType.COMPATIBLE
                ? Optional.empty()
                : Optional.of(compatibility.getResult().getIncompatibilities().toString());
        GenericDatumReader<Object> reader = new GenericDatumReader<>(pair.writer(), pair.reader(), GenericData.get());
        return new Resolution(reader, incompatibility);
    }

    /** A reader for one schema pair and, if the pair is not fully compatible, why not. */
    public record Resolution(GenericDatumReader<Object> reader, Optional<String> incompatibility) {
    }

    private record SchemaPair(Schema writer, Schema reader) {
    }
}
