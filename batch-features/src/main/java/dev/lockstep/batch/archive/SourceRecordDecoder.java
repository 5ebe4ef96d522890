package dev.lockstep.batch.archive;

import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.RecordDecodeException;
import dev.lockstep.wire.SchemaRegistry;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * Turns one raw source record (Confluent wire format) into an {@link ArchivedRecord}: the event decoded
 * into the source's schema, or the reason code streaming gives a value it cannot decode
 * ({@link RecordDecodeException#rejectReason()}, the one mapping both use), so batch rejects and counts
 * the same records the same way.
 *
 * <p>A registry that cannot be reached ({@code SchemaRegistryException}) is not the record's fault: it
 * propagates, and the caller stops rather than archive a wrong verdict.
 */
public final class SourceRecordDecoder {

    private final ConfluentWireFormat wireFormat;
    private final Schema readerSchema;

    public SourceRecordDecoder(SchemaRegistry registry, Schema readerSchema) {
        this.wireFormat = ConfluentWireFormat.lookupOnly(Objects.requireNonNull(registry, "registry"));
        this.readerSchema = Objects.requireNonNull(readerSchema, "readerSchema");
    }

    public ArchivedRecord decode(RecordPosition position, byte[] key, byte[] value) {
        try {
            return ArchivedRecord.decoded(position, key, wireFormat.decode(value, readerSchema).record());
        } catch (RecordDecodeException e) {
            return ArchivedRecord.undecodable(position, key, e.rejectReason());
        }
    }
}
