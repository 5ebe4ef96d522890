package dev.lockstep.batch.archive;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Which fields of the archived events a reader decodes. A recompute needs only the fields its acceptance
 * rules read (entity key, event time, event id, feature columns), often a few of an event's fields: the
 * others are skipped in the bytes, by Avro's schema resolution against a reader schema without them, and
 * the strings kept are read straight into {@code String}s (Avro's {@code avro.java.string} property)
 * rather than into {@code Utf8}s converted again per value.
 *
 * <p>A projected event is the writer's event minus the other fields: a field the writer lacks stays
 * absent, as it was; the archive fields (position, key, decode failure) are always read.
 */
public final class EventProjection {

    private static final EventProjection ALL = new EventProjection(null);

    /** The fields kept; null for all of them, with Avro's own value classes. */
    private final Set<String> fields;

    private EventProjection(Set<String> fields) {
        this.fields = fields;
    }

    /** Every field, as written. */
    public static EventProjection allFields() {
        return ALL;
    }

    /** Only the named event fields (those the writer has). */
    public static EventProjection only(Collection<String> fields) {
        return new EventProjection(Set.copyOf(fields));
    }

    /**
     * The schema to read records of the given archive schema with: the archive schema itself for all
     * fields. Its archive fields are the written ones, in the written order.
     */
    Schema readerSchema(Schema archiveSchema) {
        if (fields == null) {
            return archiveSchema;
        }
        List<Schema.Field> archiveFields = new ArrayList<>();
        for (Schema.Field field : archiveSchema.getFields()) {
            Schema schema = field.name().equals(ArchiveSchema.EVENT) ? projectedEvent(field.schema()) : javaStrings(field.schema());
            archiveFields.add(new Schema.Field(field, schema));
        }
        return record(archiveSchema, archiveFields);
    }

    /** The event field's schema (null or the event record) with the event record projected. */
    private Schema projectedEvent(Schema schema) {
        return switch (schema.getType()) {
            case RECORD -> {
                List<Schema.Field> kept = new ArrayList<>();
                for (Schema.Field field : schema.getFields()) {
                    if (fields.contains(field.name())) {
                        kept.add(new Schema.Field(field, javaStrings(field.schema())));
                    }
                }
                yield record(schema, kept);
            }
            case UNION -> Schema.createUnion(schema.getTypes().stream().map(this::projectedEvent).toList());
            default -> schema;
        };
    }

    /** The same schema with plain strings read as {@code String}; a string with a logical type stays as written. */
    private static Schema javaStrings(Schema schema) {
        return switch (schema.getType()) {
            case STRING -> {
                if (schema.getLogicalType() != null) {
                    yield schema;
                }
                Schema string = Schema.create(Schema.Type.STRING);
                schema.getObjectProps().forEach(string::addProp);
                if (string.getProp(GenericData.STRING_PROP) == null) {
                    string.addProp(GenericData.STRING_PROP, GenericData.StringType.String.name());
                }
                yield string;
            }
            case UNION -> Schema.createUnion(schema.getTypes().stream().map(EventProjection::javaStrings).toList());
            default -> schema;
        };
    }

    /** A record named as the writer's (so schema resolution pairs them) with the given fields. */
    private static Schema record(Schema writer, List<Schema.Field> fields) {
        return Schema.createRecord(writer.getName(), writer.getDoc(), writer.getNamespace(), writer.isError(), fields);
    }

    @Override
    public String toString() {
        return fields == null ? "all event fields" : "event fields " + fields;
    }
}
