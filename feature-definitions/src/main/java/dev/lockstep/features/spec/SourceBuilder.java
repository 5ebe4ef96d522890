package dev.lockstep.features.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.apache.avro.Schema;

/**
 * Describes one source for {@link FeatureSpecBuilder#source}: the counterpart of an entry under
 * {@code sources:} in YAML. Nothing is checked here; {@link FeatureSpecBuilder#build()} validates.
 */
public final class SourceBuilder {

    private final ObjectNode node;
    private final Function<Schema, String> giveSchema;

    SourceBuilder(ObjectNode node, Function<Schema, String> giveSchema) {
        this.node = node;
        this.giveSchema = giveSchema;
    }

    public SourceBuilder topic(String topic) {
        node.put("topic", topic);
        return this;
    }

    /** A schema file, relative to the builder's directory, or {@code classpath:path/To.avsc}. */
    public SourceBuilder schema(String schemaPath) {
        node.put("schema", schemaPath);
        return this;
    }

    /** A schema object; the source's {@link SourceSpec#schemaPath()} becomes {@code inline:<full name>}. */
    public SourceBuilder schema(Schema schema) {
        node.put("schema", giveSchema.apply(Objects.requireNonNull(schema, "schema")));
        return this;
    }

    /** The field holding the entity key (string, long or int). */
    public SourceBuilder entityKey(String field) {
        node.put("entity_key", field);
        return this;
    }

    /** The field holding the event time, a long of epoch millis. */
    public SourceBuilder eventTime(String field) {
        node.put("event_time", field);
        return this;
    }

    /** The field holding a unique event id; setting one enables dedup. */
    public SourceBuilder eventId(String field) {
        node.put("event_id", field);
        return this;
    }

    /** How far behind its arrival an event's time may be and still be accepted; zero allowed. */
    public SourceBuilder allowedLateness(Duration lateness) {
        node.set("allowed_lateness", FeatureSpecBuilder.duration(lateness));
        return this;
    }

    /** How far ahead of its arrival an event's time may be and still be accepted; zero allowed. */
    public SourceBuilder maxFutureSkew(Duration skew) {
        node.set("max_future_skew", FeatureSpecBuilder.duration(skew));
        return this;
    }
}
