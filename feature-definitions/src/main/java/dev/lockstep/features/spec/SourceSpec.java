package dev.lockstep.features.spec;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A stream of events: its topic, its Avro schema, and which fields carry the entity key, the event
 * time (epoch millis) and, optionally, an event id for dedup. Lateness and future skew bound which
 * events are accepted, relative to their arrival time.
 */
public record SourceSpec(
        String name,
        String topic,
        String schemaPath,
        Schema schema,
        String entityKey,
        String eventTime,
        Optional<String> eventId,
        Duration allowedLateness,
        Duration maxFutureSkew) {

    public SourceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(schemaPath, "schemaPath");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(entityKey, "entityKey");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    }
}
