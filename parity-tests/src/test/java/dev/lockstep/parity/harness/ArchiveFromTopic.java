package dev.lockstep.parity.harness;

import dev.lockstep.batch.archive.ArchiveWriter;
import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.parity.oracle.RawRecord;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.UndecodableRecordException;
import dev.lockstep.wire.UnknownSchemaException;
import java.nio.file.Path;
import java.util.List;

/**
 * Archives the source topic as read back from the broker: each record with its position and arrival,
 * decoded into the source schema, or kept with its decode failure, as an archiver does.
 */
public final class ArchiveFromTopic {

    private ArchiveFromTopic() {
    }

    public static void write(List<RawRecord> records, ConfluentWireFormat wireFormat, Path directory, int recordsPerFile) {
        try (ArchiveWriter writer = new ArchiveWriter(directory, ParitySpec.TOPIC, ParitySpec.SCHEMA, recordsPerFile)) {
            for (RawRecord raw : records) {
                RecordPosition position = new RecordPosition(raw.topic(), raw.partition(), raw.offset(), raw.arrival());
                writer.write(archived(raw, position, wireFormat));
            }
        }
    }

    private static ArchivedRecord archived(RawRecord raw, RecordPosition position, ConfluentWireFormat wireFormat) {
        try {
            return ArchivedRecord.decoded(position, raw.key(), wireFormat.decode(raw.value(), ParitySpec.SCHEMA).record());
        } catch (UnknownSchemaException e) {
            return ArchivedRecord.undecodable(position, raw.key(), RejectReason.UNKNOWN_SCHEMA);
        } catch (UndecodableRecordException e) {
            return ArchivedRecord.undecodable(position, raw.key(),
                    e.reason() == UndecodableRecordException.Reason.INCOMPATIBLE_SCHEMA
                            ? RejectReason.UNKNOWN_SCHEMA : RejectReason.UNDECODABLE);
        }
    }
}
