package dev.lockstep.batch.archive;

import dev.lockstep.features.engine.SourcePlan;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * A topic the archiver reads and the schema its events are archived under (the source's own schema,
 * which is also the reader schema streaming decodes with).
 */
public record ArchiveSource(String topic, Schema eventSchema) {

    public ArchiveSource {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(eventSchema, "eventSchema");
    }

    public static ArchiveSource of(SourcePlan plan) {
        return new ArchiveSource(plan.source().topic(), plan.source().schema());
    }
}
