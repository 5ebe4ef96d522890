package dev.lockstep.batch.archive;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The schema of an archive record: one source record as streaming received it, with its position.
 *
 * <pre>
 * topic           string              source topic
 * partition       int                 source partition
 * offset          long                offset in that partition
 * arrival         long                broker record timestamp (LogAppendTime), epoch millis
 * key             null | bytes        the Kafka record key, as received
 * event           null | EventSchema  the decoded event; null when the value could not be decoded
 * decode_failure  null | string       for an undecodable value: the reject reason code streaming used
 *                                     (UNDECODABLE or UNKNOWN_SCHEMA)
 * </pre>
 *
 * The event is stored decoded, under the source's own schema, so batch needs no schema registry; a
 * record streaming could not decode is kept with its reason so batch counts it the same way.
 */
public final class ArchiveSchema {

    public static final String TOPIC = "topic";
    public static final String PARTITION = "partition";
    public static final String OFFSET = "offset";
    public static final String ARRIVAL = "arrival";
    public static final String KEY = "key";
    public static final String EVENT = "event";
    public static final String DECODE_FAILURE = "decode_failure";

    private ArchiveSchema() {
    }

    /** The archive record schema for events of the given (record) schema. */
    public static Schema forEvents(Schema eventSchema) {
        if (eventSchema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("Invalid event schema " + eventSchema.getFullName()
                    + ": archived events must be Avro records, got " + eventSchema.getType());
        }
        return SchemaBuilder.record("ArchivedRecord").namespace("dev.lockstep.archive")
                .doc("One source record with its position, as archived for batch recompute.")
                .fields()
                .requiredString(TOPIC)
                .requiredInt(PARTITION)
                .requiredLong(OFFSET)
                .requiredLong(ARRIVAL)
                .optionalBytes(KEY)
                .name(EVENT).type().optional().type(eventSchema)
                .optionalString(DECODE_FAILURE)
                .endRecord();
    }
}
