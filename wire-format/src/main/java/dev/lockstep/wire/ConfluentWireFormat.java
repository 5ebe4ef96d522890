package dev.lockstep.wire;

import dev.lockstep.wire.UndecodableRecordException.Reason;
import dev.lockstep.wire.internal.BoundedDecoder;
import dev.lockstep.wire.internal.DatumCache;
import dev.lockstep.wire.internal.WireHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Avro records in the Confluent wire format: magic byte 0, the writer schema's id as a 4-byte
 * big-endian int, then the record in Avro binary. Byte-compatible with Confluent's
 * KafkaAvroSerializer and with Apicurio's serde in Confluent mode.
 *
 * <p>Decoding resolves the writer schema by id and reads with Avro schema resolution into the
 * caller's reader schema, so a reader with an added defaulted field reads old records. Every way a
 * record can be unreadable is an {@link UndecodableRecordException} with a reason code, or an
 * {@link UnknownSchemaException}; registry outages are {@link SchemaRegistryException}s, which are not
 * the record's fault. Thread-safe; build one per registry and share it.
 */
public final class ConfluentWireFormat {

    private final SchemaRegistry registry;
    private final boolean autoRegister;
    private final DatumCache datums = new DatumCache();
    private final Map<SubjectSchema, Integer> writerIds = new ConcurrentHashMap<>();

    private ConfluentWireFormat(SchemaRegistry registry, boolean autoRegister) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.autoRegister = autoRegister;
    }

    /** A codec whose encode registers unknown writer schemas (Confluent's {@code auto.register.schemas=true}). */
    public static ConfluentWireFormat autoRegistering(SchemaRegistry registry) {
        return new ConfluentWireFormat(registry, true);
    }

    /** A codec whose encode only looks writer schemas up and fails on one not registered. */
    public static ConfluentWireFormat lookupOnly(SchemaRegistry registry) {
        return new ConfluentWireFormat(registry, false);
    }

    /**
     * Encodes {@code record} with its own schema as the writer schema, registered under {@code subject}
     * (Confluent's default naming is {@code <topic>-value}).
     *
     * @throws WireFormatException if the record does not conform to its schema, or (lookup-only) the
     *     schema is not registered under the subject
     * @throws SchemaRegistryException if the registry cannot be reached
     */
    public byte[] encode(String subject, GenericRecord record) {
        Objects.requireNonNull(record, "record");
        Schema schema = record.getSchema();
        int id = writerId(subject, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        byte[] header = new byte[WireHeader.LENGTH];
        WireHeader.write(id, header);
        out.writeBytes(header);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            datums.writer(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory failed", e);
        } catch (RuntimeException e) {
            // Avro reports a record that breaks its schema as NPE, ClassCastException or AvroRuntimeException.
            throw new WireFormatException("Cannot encode record of schema " + schema.getFullName() + " for subject '"
                    + subject + "': it does not conform to its schema: " + describe(e), e);
        }
        return out.toByteArray();
    }

    /** Decodes {@code bytes} in the writer's own schema, which must be a record. */
    public DecodeResult decode(byte[] bytes) {
        return decode(bytes, null);
    }

    /**
     * Decodes {@code bytes} into {@code readerSchema}.
     *
     * @param readerSchema a record schema, or null to read with the writer schema
     * @throws UndecodableRecordException if the bytes are not a readable record (see its reason codes)
     * @throws UnknownSchemaException if the registry has no schema with the header's id
     * @throws SchemaRegistryException if the registry cannot be reached
     */
    public DecodeResult decode(byte[] bytes, Schema readerSchema) {
        if (readerSchema != null && readerSchema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("Invalid reader schema " + readerSchema.getFullName()
                    + ": must be a record, is " + readerSchema.getType());
        }
        int id = WireHeader.readSchemaId(bytes);
        Schema writer = registry.schemaById(id);
        Schema reader = readerSchema != null ? readerSchema : writer;
        DatumCache.Resolution resolution = datums.reader(writer, reader);
        BoundedDecoder decoder = new BoundedDecoder(DecoderFactory.get()
                .binaryDecoder(bytes, WireHeader.LENGTH, bytes.length - WireHeader.LENGTH, null));
        Object datum;
        int leftOver;
        try {
            datum = resolution.reader().read(null, decoder);
            leftOver = decoder.remaining();
        } catch (IOException | RuntimeException e) {
            // Untrusted bytes: whatever Avro throws while reading them is the record's fault.
            throw undecodable(bytes, id, reader, resolution, describe(e), e);
        }
        if (leftOver > 0) {
            throw undecodable(bytes, id, reader, resolution, leftOver + " bytes left over after the record", null);
        }
        if (!(datum instanceof GenericRecord record)) {
            throw new UndecodableRecordException(Reason.INCOMPATIBLE_SCHEMA, "Record of " + bytes.length
                    + " bytes with schema id " + id + " is a " + writer.getType() + ", not a record");
        }
        return new DecodeResult(id, writer, record);
    }

    private int writerId(String subject, Schema schema) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("Invalid subject '" + subject + "': must not be blank");
        }
        // The registry call hashes the schema's canonical form (or makes an HTTP call); once per pair is enough.
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = writerIds.get(key);
        if (cached != null) {
            return cached;
        }
        int id = autoRegister
                ? registry.register(subject, schema)
                : registry.idOf(subject, schema).orElseThrow(() -> new WireFormatException("Cannot encode record of schema "
                        + schema.getFullName() + ": it is not registered under subject '" + subject
                        + "' and this codec does not register schemas"));
        writerIds.put(key, id);
        return id;
    }

    private static UndecodableRecordException undecodable(byte[] bytes, int id, Schema reader,
            DatumCache.Resolution resolution, String cause, Throwable exception) {
        String prefix = "Record of " + bytes.length + " bytes with schema id " + id + " cannot be read as "
                + reader.getFullName() + ": ";
        return resolution.incompatibility()
                .map(why -> new UndecodableRecordException(Reason.INCOMPATIBLE_SCHEMA, prefix + "writer schema "
                        + "is not compatible with the reader schema: " + why + "; Avro said: " + cause, exception))
                .orElseGet(() -> new UndecodableRecordException(Reason.MALFORMED_AVRO,
                        prefix + "malformed Avro: " + cause, exception));
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private record SubjectSchema(String subject, Schema schema) {
    }
}
