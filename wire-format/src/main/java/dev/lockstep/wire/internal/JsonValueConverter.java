package dev.lockstep.wire.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.wire.JsonEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.generic.GenericData;

/**
 * The recursion behind {@code JsonToAvro}: one JSON value to the Avro generic value of a schema.
 * Values are built bottom-up and a record is only handed out complete, so a failure anywhere leaves
 * nothing half-built behind.
 */
public final class JsonValueConverter {

    private JsonValueConverter() {
    }

    /** Converts {@code json} (null means missing) at {@code path} to a value of {@code schema}. */
    public static Object convert(JsonNode json, Schema schema, String path) {
        return switch (schema.getType()) {
            case RECORD -> record(json, schema, path);
            case UNION -> union(json, schema, path);
            case STRING -> expect(json != null && json.isTextual(), json, path, "string").textValue();
            case ENUM -> enumSymbol(json, schema, path);
            case INT -> integral(json, path, "int", Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
            case LONG -> longValue(json, schema, path);
            case FLOAT -> floatValue(json, path);
            case DOUBLE -> expect(json != null && json.isNumber(), json, path, "double").doubleValue();
            case BOOLEAN -> expect(json != null && json.isBoolean(), json, path, "boolean").booleanValue();
            case NULL -> nullValue(json, path);
            case ARRAY -> array(json, schema, path);
            case MAP -> map(json, schema, path);
            case BYTES -> ByteBuffer.wrap(latin1(json, path, "bytes as a string of code points 0-255"));
            case FIXED -> fixed(json, schema, path);
        };
    }

    private static GenericData.Record record(JsonNode json, Schema schema, String path) {
        expect(json != null && json.isObject(), json, path, "object of record " + schema.getFullName());
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw new JsonEncodingException(child(path, name), "unknown field (record " + schema.getFullName()
                        + " has no such field), got " + show(json.get(name)));
            }
        }
        GenericData.Record record = new GenericData.Record(schema);
        for (Field field : schema.getFields()) {
            JsonNode value = json.get(field.name());
            if (value != null) {
                record.put(field.pos(), convert(value, field.schema(), child(path, field.name())));
            } else if (field.hasDefaultValue()) {
                // Copied: Avro hands out one shared default instance per field.
                record.put(field.pos(), GenericData.get().deepCopy(field.schema(), GenericData.get().getDefaultValue(field)));
            } else {
                throw new JsonEncodingException(child(path, field.name()), "missing required field (no default), expected "
                        + describe(field.schema()));
            }
        }
        return record;
    }

    private static Object union(JsonNode json, Schema union, String path) {
        if (json == null || json.isNull()) {
            if (union.getIndexNamed(Schema.Type.NULL.getName()) != null) {
                return null;
            }
            throw mismatch(json, path, describe(union));
        }
        // Avro's own JSON encoding of a union value: {"<branch name>": value}.
        if (json.isObject() && json.size() == 1) {
            String branchName = json.fieldNames().next();
            Integer index = union.getIndexNamed(branchName);
            if (index != null) {
                return convert(json.get(branchName), union.getTypes().get(index), path);
            }
        }
        // A plain value: the first branch that takes it, in the union's order.
        List<Schema> candidates = union.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
        for (Schema branch : candidates) {
            try {
                return convert(json, branch, path);
            } catch (JsonEncodingException notThisBranch) {
                // A nullable record, array or map has one candidate: its own error is the precise one.
                if (candidates.size() == 1 && isContainer(branch)) {
                    throw notThisBranch;
                }
            }
        }
        throw mismatch(json, path, describe(union));
    }

    private static boolean isContainer(Schema schema) {
        Schema.Type type = schema.getType();
        return type == Schema.Type.RECORD || type == Schema.Type.ARRAY || type == Schema.Type.MAP;
    }

    private static GenericData.EnumSymbol enumSymbol(JsonNode json, Schema schema, String path) {
        if (json == null || !json.isTextual() || !schema.hasEnumSymbol(json.textValue())) {
            throw mismatch(json, path, describe(schema));
        }
        return new GenericData.EnumSymbol(schema, json.textValue());
    }

    private static long longValue(JsonNode json, Schema schema, String path) {
        boolean timestamp = schema.getLogicalType() instanceof LogicalTypes.TimestampMillis;
        if (timestamp && json != null && json.isTextual()) {
            try {
                return Instant.parse(json.textValue()).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw mismatch(json, path, describe(schema));
            }
        }
        if (timestamp && (json == null || !json.isIntegralNumber())) {
            throw mismatch(json, path, describe(schema));
        }
        return integral(json, path, "long", Long.MIN_VALUE, Long.MAX_VALUE).longValue();
    }

    private static JsonNode integral(JsonNode json, String path, String type, long min, long max) {
        expect(json != null && json.isIntegralNumber(), json, path, type);
        if (!json.canConvertToLong() || json.longValue() < min || json.longValue() > max) {
            throw new JsonEncodingException(path, "expected " + type + " (" + min + " to " + max + "), got " + show(json));
        }
        return json;
    }

    private static float floatValue(JsonNode json, String path) {
        expect(json != null && json.isNumber(), json, path, "float");
        float value = json.floatValue();
        if (Float.isInfinite(value)) {
            throw new JsonEncodingException(path, "expected float (out of range), got " + show(json));
        }
        return value;
    }

    private static Object nullValue(JsonNode json, String path) {
        expect(json != null && json.isNull(), json, path, "null");
        return null;
    }

    private static List<Object> array(JsonNode json, Schema schema, String path) {
        expect(json != null && json.isArray(), json, path, describe(schema));
        List<Object> items = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            items.add(convert(json.get(i), schema.getElementType(), path + "[" + i + "]"));
        }
        return new GenericData.Array<>(schema, items);
    }

    private static Map<String, Object> map(JsonNode json, Schema schema, String path) {
        expect(json != null && json.isObject(), json, path, describe(schema));
        Map<String, Object> entries = new LinkedHashMap<>();
        json.fields().forEachRemaining(entry -> entries.put(entry.getKey(),
                convert(entry.getValue(), schema.getValueType(), child(path, entry.getKey()))));
        return entries;
    }

    private static GenericData.Fixed fixed(JsonNode json, Schema schema, String path) {
        byte[] bytes = latin1(json, path, describe(schema));
        if (bytes.length != schema.getFixedSize()) {
            throw mismatch(json, path, describe(schema));
        }
        return new GenericData.Fixed(schema, bytes);
    }

    // Avro's JSON encoding writes bytes and fixed as a string whose code points 0-255 are the bytes.
    private static byte[] latin1(JsonNode json, String path, String expected) {
        expect(json != null && json.isTextual(), json, path, expected);
        String text = json.textValue();
        if (!text.chars().allMatch(c -> c <= 0xff)) {
            throw mismatch(json, path, expected);
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static JsonNode expect(boolean ok, JsonNode json, String path, String expected) {
        if (!ok) {
            throw mismatch(json, path, expected);
        }
        return json;
    }

    private static JsonEncodingException mismatch(JsonNode json, String path, String expected) {
        return new JsonEncodingException(path, "expected " + expected + ", got " + show(json));
    }

    /** What a schema accepts, in words, e.g. {@code string or null}. */
    static String describe(Schema schema) {
        return switch (schema.getType()) {
            case UNION -> schema.getTypes().stream().map(JsonValueConverter::describe).collect(Collectors.joining(" or "));
            case RECORD -> "object of record " + schema.getFullName();
            case ENUM -> "one of " + schema.getEnumSymbols();
            case ARRAY -> "array of " + describe(schema.getElementType());
            case MAP -> "object of " + describe(schema.getValueType());
            case FIXED -> "string of " + schema.getFixedSize() + " code points 0-255 (fixed " + schema.getFullName() + ")";
            case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                    ? "timestamp-millis (epoch millis or ISO-8601 instant)" : "long";
            default -> schema.getType().getName();
        };
    }

    private static String child(String path, String name) {
        return path + "." + name;
    }

    private static String show(JsonNode json) {
        return json == null ? "nothing" : RegistryJson.abbreviate(json.toString(), 100);
    }
}
