package dev.lockstep.batch.archive;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.event.RecordPosition;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * One archived source record: its position, its key, and either the decoded event or the reason
 * streaming could not decode it.
 *
 * @param event         the decoded event, or null when the value was undecodable
 * @param decodeFailure why the value could not be decoded, or null when {@code event} is present
 */
public record ArchivedRecord(RecordPosition position, byte[] key, GenericRecord event, RejectReason decodeFailure) {

    public ArchivedRecord {
        Objects.requireNonNull(position, "position");
        if ((event == null) == (decodeFailure == null)) {
            throw new IllegalArgumentException("archived record " + position
                    + " must have exactly one of an event and a decode failure");
        }
        if (decodeFailure != null && decodeFailure != RejectReason.UNDECODABLE
                && decodeFailure != RejectReason.UNKNOWN_SCHEMA) {
            throw new IllegalArgumentException("archived record " + position + ": " + decodeFailure
                    + " is not a decode failure (UNDECODABLE or UNKNOWN_SCHEMA)");
        }
    }

    /** A record streaming decoded. */
    public static ArchivedRecord decoded(RecordPosition position, byte[] key, GenericRecord event) {
        return new ArchivedRecord(position, key, Objects.requireNonNull(event, "event"), null);
    }

    /** A record streaming could not decode, kept so batch rejects it with the same reason. */
    public static ArchivedRecord undecodable(RecordPosition position, byte[] key, RejectReason reason) {
        return new ArchivedRecord(position, key, null, Objects.requireNonNull(reason, "reason"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ArchivedRecord that && position.equals(that.position)
                && Arrays.equals(key, that.key) && Objects.equals(event, that.event)
                && decodeFailure == that.decodeFailure;
    }

    @Override
    public int hashCode() {
        return Objects.hash(position, Arrays.hashCode(key), event, decodeFailure);
    }

    /** This record in the archive schema. */
    GenericRecord toAvro(org.apache.avro.Schema archiveSchema) {
        GenericRecord record = new GenericData.Record(archiveSchema);
        record.put(ArchiveSchema.TOPIC, position.topic());
        record.put(ArchiveSchema.PARTITION, position.partition());
        record.put(ArchiveSchema.OFFSET, position.offset());
        record.put(ArchiveSchema.ARRIVAL, position.arrivalMillis());
        record.put(ArchiveSchema.KEY, key == null ? null : ByteBuffer.wrap(key));
        record.put(ArchiveSchema.EVENT, event);
        record.put(ArchiveSchema.DECODE_FAILURE, decodeFailure == null ? null : decodeFailure.name());
        return record;
    }

    /** Reads an archive-schema record, its fields at the given positions; {@code where} names the file for errors. */
    static ArchivedRecord fromAvro(GenericRecord record, ArchiveFieldPositions fields, String where) {
        RecordPosition position = new RecordPosition(record.get(fields.topic()).toString(),
                (Integer) record.get(fields.partition()), (Long) record.get(fields.offset()),
                (Long) record.get(fields.arrival()));
        ByteBuffer keyBuffer = (ByteBuffer) record.get(fields.key());
        byte[] key = null;
        if (keyBuffer != null) {
            key = new byte[keyBuffer.remaining()];
            keyBuffer.duplicate().get(key);
        }
        Object failure = record.get(fields.decodeFailure());
        try {
            return new ArchivedRecord(position, key, (GenericRecord) record.get(fields.event()),
                    failure == null ? null : RejectReason.valueOf(failure.toString()));
        } catch (IllegalArgumentException e) {
            throw new ArchiveException("invalid archive record " + position + " in " + where + ": " + e.getMessage(), e);
        }
    }
}
