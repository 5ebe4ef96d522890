package dev.lockstep.features.spec;

import static dev.lockstep.features.spec.SpecTree.join;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.features.FeatureException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/** Validates one entry of {@code sources}, including that its named fields exist in its schema. */
final class SourceValidator {

    static final List<String> KEYS = List.of(
            "topic", "schema", "entity_key", "event_time", "event_id", "allowed_lateness", "max_future_skew");

    /**
     * What validating a source yields. The schema is kept even when the source is otherwise invalid,
     * so its groups' columns are still checked: one broken topic should not hide every column error.
     */
    record Result(Optional<Schema> schema, Optional<SourceSpec> spec) {
        static final Result INVALID = new Result(Optional.empty(), Optional.empty());
    }

    private final Problems problems;
    private final SpecTree tree;
    private final SchemaResolver resolver;

    SourceValidator(Problems problems, SchemaResolver resolver) {
        this.problems = problems;
        this.tree = new SpecTree(problems);
        this.resolver = resolver;
    }

    Result validate(String name, JsonNode node, String path) {
        int before = problems.count();
        tree.checkName(name, path);
        if (!tree.isMapping(node, path)) {
            return Result.INVALID;
        }
        tree.rejectUnknownKeys(node, path, KEYS);
        Optional<String> topic = tree.requiredString(node, path, "topic");
        Optional<String> schemaPath = tree.requiredString(node, path, "schema");
        Optional<Schema> schema = schemaPath.flatMap(ref -> loadRecordSchema(ref, join(path, "schema")));
        Optional<String> entityKey = tree.requiredString(node, path, "entity_key");
        Optional<String> eventTime = tree.requiredString(node, path, "event_time");
        Optional<String> eventId = tree.optionalString(node, path, "event_id");
        Optional<Duration> lateness = tree.requiredDuration(node, path, "allowed_lateness");
        Optional<Duration> skew = tree.requiredDuration(node, path, "max_future_skew");
        schema.ifPresent(record -> {
            entityKey.ifPresent(field -> checkIdentifier(record, field, "entity key", join(path, "entity_key")));
            eventTime.ifPresent(field -> checkEventTime(record, field, join(path, "event_time")));
            eventId.ifPresent(field -> checkIdentifier(record, field, "event id", join(path, "event_id")));
        });
        if (problems.count() > before) {
            return new Result(schema, Optional.empty());
        }
        return new Result(schema, Optional.of(new SourceSpec(name, topic.get(), schemaPath.get(), schema.get(),
                entityKey.get(), eventTime.get(), eventId, lateness.get(), skew.get())));
    }

    private Optional<Schema> loadRecordSchema(String reference, String path) {
        Schema schema;
        try {
            schema = resolver.resolve(reference);
        } catch (FeatureException e) {
            problems.add(path, e.getMessage());
            return Optional.empty();
        }
        if (schema.getType() != Schema.Type.RECORD) {
            problems.add(path, "schema " + reference + " must be an Avro record, got " + schema.getType().getName());
            return Optional.empty();
        }
        return Optional.of(schema);
    }

    private Optional<Schema.Field> field(Schema record, String name, String path) {
        Schema.Field field = record.getField(name);
        if (field == null) {
            problems.add(path, AvroFields.noSuchField(name, record));
        }
        return Optional.ofNullable(field);
    }

    private void checkIdentifier(Schema record, String name, String role, String path) {
        field(record, name, path).ifPresent(field -> {
            if (!AvroFields.isIdentifier(field.schema())) {
                problems.add(path, role + " " + name + " must be a string, long or int, got "
                        + AvroFields.typeName(field.schema()));
            }
        });
    }

    private void checkEventTime(Schema record, String name, String path) {
        field(record, name, path).ifPresent(field -> {
            Schema type = AvroFields.nonNull(field.schema());
            if (type.getType() != Schema.Type.LONG) {
                problems.add(path, "event time " + name + " must be a long of epoch millis, got "
                        + AvroFields.typeName(field.schema()));
            } else if (type.getLogicalType() != null && !(type.getLogicalType() instanceof LogicalTypes.TimestampMillis)) {
                problems.add(path, "event time " + name + " must be epoch millis, got logical type "
                        + type.getLogicalType().getName());
            }
        });
    }
}
