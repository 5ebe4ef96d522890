package dev.lockstep.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.wire.internal.JsonValueConverter;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Converts one JSON object to a {@link GenericRecord} of a given schema, as a console producer does
 * with each line it reads.
 *
 * <p>Accepted beyond Avro's own JSON encoding: a nullable union given as a plain value
 * ({@code "country": "DE"} or {@code null}) as well as Avro-JSON style ({@code {"string": "DE"}}), and
 * a {@code timestamp-millis} long given as an ISO-8601 instant. A missing field takes its default.
 * A missing field without a default, a value of the wrong type, or a field the schema does not have
 * is a {@link JsonEncodingException} naming the field path, what was expected and the value; no
 * record is returned then, not even a partial one. Thread-safe.
 */
public final class JsonToAvro {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Schema schema;

    /** A converter to records of {@code schema}, which must be a record schema. */
    public JsonToAvro(Schema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("Invalid schema " + schema.getFullName() + ": must be a record, is "
                    + schema.getType());
        }
    }

    /** Converts one line of JSON text. */
    public GenericRecord convert(String line) {
        JsonNode json;
        try {
            json = MAPPER.readTree(line == null ? "" : line);
        } catch (JsonProcessingException e) {
            throw new JsonEncodingException("$", "expected a JSON object, got unparseable text: "
                    + e.getOriginalMessage());
        }
        return convert(json);
    }

    /** Converts one JSON object. */
    public GenericRecord convert(JsonNode json) {
        return (GenericRecord) JsonValueConverter.convert(json, schema, "$");
    }
}
