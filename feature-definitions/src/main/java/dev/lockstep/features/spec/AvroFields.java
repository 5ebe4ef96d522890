package dev.lockstep.features.spec;

import dev.lockstep.features.agg.ValueType;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/** How spec validation sees the fields of an Avro record: lookup, nullability and value types. */
final class AvroFields {

    private AvroFields() {
    }

    static String fieldNames(Schema record) {
        return record.getFields().stream().map(Schema.Field::name).collect(Collectors.joining(", "));
    }

    static String noSuchField(String field, Schema record) {
        return "no field '" + field + "' in schema " + record.getFullName() + "; its fields: " + fieldNames(record);
    }

    /**
     * The type a value of the field has when present: a union of null and one type is that type (the
     * null just means the value may be missing); anything else is returned as is.
     */
    static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> present = schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
        return present.size() == 1 ? present.get(0) : schema;
    }

    /** The type as a spec author would name it, e.g. {@code string}, {@code array}, {@code union [string, long]}. */
    static String typeName(Schema schema) {
        Schema type = nonNull(schema);
        if (type.getType() == Schema.Type.UNION) {
            return "union " + type.getTypes().stream().map(t -> t.getType().getName()).toList();
        }
        return type.getType().getName();
    }

    /** The feature value type of a column, or empty when no aggregation can read it (records, arrays, maps...). */
    static Optional<ValueType> valueType(Schema schema) {
        return switch (nonNull(schema).getType()) {
            case INT, LONG -> Optional.of(ValueType.LONG);
            case FLOAT, DOUBLE -> Optional.of(ValueType.DOUBLE);
            case STRING, ENUM -> Optional.of(ValueType.STRING);
            case BOOLEAN -> Optional.of(ValueType.BOOLEAN);
            default -> Optional.empty();
        };
    }

    /** Whether values of this type can identify an entity or an event: string, long or int. */
    static boolean isIdentifier(Schema schema) {
        Schema.Type type = nonNull(schema).getType();
        return type == Schema.Type.STRING || type == Schema.Type.LONG || type == Schema.Type.INT;
    }
}
