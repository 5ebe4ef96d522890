package dev.lockstep.features.accept;

import dev.lockstep.features.event.EventFields;
import dev.lockstep.features.event.EventOrder;
import dev.lockstep.features.event.EventView;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.spec.SourceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The acceptance contract for one source (docs/semantics.md). A record is accepted iff it has an entity
 * key and an event time, {@code arrival - allowed_lateness <= event_time <= arrival + max_future_skew},
 * and no feature column holds NaN or an infinity. The verdict depends on the record alone, never on what
 * arrived before it, so streaming and batch reject exactly the same records.
 */
public final class AcceptanceRules {
    private static final int ENTITY_KEY = 0;
    private static final int EVENT_TIME = 1;
    private static final int FIRST_COLUMN = 2;

    private final SourceSpec source;
    private final List<String> columns;
    private final long latenessMillis;
    private final long futureSkewMillis;
    /** The event id field, or null when the source has none (read per record: no Optional chain). */
    private final String eventIdField;
    /**
     * Every field the rules read, so views resolve them once per schema: entity key, event time, the
     * columns from {@link #FIRST_COLUMN}, then the event id if the source has one.
     */
    private final EventFields fields;

    /**
     * @param columns the source's feature columns, in the order accepted events carry their values
     */
    public AcceptanceRules(SourceSpec source, List<String> columns) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.latenessMillis = source.allowedLateness().toMillis();
        this.futureSkewMillis = source.maxFutureSkew().toMillis();
        this.eventIdField = source.eventId().orElse(null);
        List<String> read = new ArrayList<>();
        read.add(source.entityKey());
        read.add(source.eventTime());
        read.addAll(this.columns);
        source.eventId().ifPresent(read::add);
        this.fields = new EventFields(read);
    }

    /**
     * The event fields these rules read; a verdict depends on nothing else of an event, so a reader may
     * skip the others.
     */
    public List<String> fieldsRead() {
        return fields.names();
    }

    public Verdict evaluate(EventView event, RecordPosition position) {
        Object key = event.get(fields, ENTITY_KEY);
        if (key == null || key.toString().isEmpty()) {
            return reject(RejectReason.MISSING_ENTITY_KEY, position,
                    "entity key field " + source.entityKey() + " is " + (key == null ? "null" : "empty"));
        }
        Object time = event.get(fields, EVENT_TIME);
        if (!(time instanceof Long eventTime)) {
            return reject(RejectReason.MISSING_EVENT_TIME, position,
                    "event time field " + source.eventTime() + " is " + (time == null ? "null" : "not a long: " + time));
        }
        long arrival = position.arrivalMillis();
        if (eventTime < arrival - latenessMillis) {
            return reject(RejectReason.TOO_LATE, position, "event time " + eventTime + " is "
                    + (arrival - eventTime) + " ms before arrival " + arrival + "; allowed lateness is "
                    + latenessMillis + " ms");
        }
        if (eventTime > arrival + futureSkewMillis) {
            return reject(RejectReason.TOO_FAR_IN_FUTURE, position, "event time " + eventTime + " is "
                    + (eventTime - arrival) + " ms after arrival " + arrival + "; max future skew is "
                    + futureSkewMillis + " ms");
        }
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = event.get(fields, FIRST_COLUMN + i);
            if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
                return reject(RejectReason.INVALID_VALUE, position,
                        "column " + columns.get(i) + " is " + d + "; aggregations take finite numbers only");
            }
            values[i] = value;
        }
        Object id = eventIdField == null ? null : event.get(fields, FIRST_COLUMN + values.length);
        String eventId = id == null ? null : id.toString();
        EventOrder order = new EventOrder(eventTime, arrival, position.partition(), position.offset());
        return new Verdict.Accepted(new AcceptedEvent(key.toString(), order, eventId, values));
    }

    private Verdict reject(RejectReason reason, RecordPosition position, String why) {
        return new Verdict.Rejected(reason, "source " + source.name() + " record " + position + ": " + why);
    }
}
