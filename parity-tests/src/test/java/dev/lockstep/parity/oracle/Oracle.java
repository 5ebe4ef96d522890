package dev.lockstep.parity.oracle;

import dev.lockstep.features.spec.FeatureDefinition;
import dev.lockstep.features.spec.FeatureGroupSpec;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.SourceSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The brute-force reference: every feature value straight from the raw records, by the contract in
 * docs/semantics.md, sharing no code with the engine. It reads the spec model (FeatureSpecLoader) and
 * nothing else of Lockstep: its own wire-format decoding, acceptance, dedup and window rule, and exact
 * arithmetic in {@link OracleAggregates}. No tiles: a value at t folds every surviving event whose arrival
 * is at most t and whose event time is at or after the window's tail, {@code floor((t - W) / h) * h}.
 */
public final class Oracle {

    private final SourceSpec source;
    private final List<FeatureGroupSpec> groups;
    private final Set<String> checkedColumns = new LinkedHashSet<>();
    private final OracleDecoder decoder;
    private final OracleRules rules;
    private final Map<String, String> rejections = new TreeMap<>();
    private final Map<String, List<OracleEvent>> survivorsByEntity = new TreeMap<>();
    private long duplicates;

    /**
     * @param schemaById the schema registry's lookup by id, null for an unknown id (a registry is not engine code)
     */
    public Oracle(FeatureSpec spec, String sourceName, IntFunction<Schema> schemaById, OracleRules rules,
                  List<RawRecord> records) {
        this.source = spec.source(sourceName).orElseThrow();
        this.groups = spec.groups().values().stream().filter(g -> g.source().equals(sourceName)).toList();
        // Every feature column of every group on the source is checked for NaN and infinities.
        groups.forEach(g -> g.features().forEach(f -> f.column().ifPresent(checkedColumns::add)));
        this.decoder = new OracleDecoder(source.schema(), schemaById);
        this.rules = rules;
        ingest(records);
    }

    private void ingest(List<RawRecord> records) {
        Map<List<Object>, OracleEvent> firstCopies = new HashMap<>();
        List<OracleEvent> withoutId = new ArrayList<>();
        long accepted = 0;
        for (RawRecord raw : records) {
            OracleDecoder.Decoded decoded = decoder.decode(raw.value());
            String reason = decoded.rejection() != null ? decoded.rejection() : verdict(decoded.record(), raw.arrival());
            if (reason != null) {
                rejections.put(raw.position(), reason);
                continue;
            }
            accepted++;
            OracleEvent event = event(decoded.record(), raw);
            if (event.eventId() == null) {
                withoutId.add(event);
            } else {
                firstCopies.merge(List.of(event.entity(), event.eventId(), event.eventTime()), event,
                        (a, b) -> OracleEvent.ARRIVAL_ORDER.compare(a, b) <= 0 ? a : b);
            }
        }
        List<OracleEvent> survivors = new ArrayList<>(withoutId);
        survivors.addAll(firstCopies.values());
        duplicates = accepted - survivors.size();
        survivors.sort(OracleEvent.ARRIVAL_ORDER); // the order a naive sum would see them in
        survivors.forEach(e -> survivorsByEntity.computeIfAbsent(e.entity(), k -> new ArrayList<>()).add(e));
    }

    /** The rejection reason code of a decoded record, or null when it is accepted. */
    private String verdict(GenericRecord record, long arrival) {
        Object key = normalized(record.get(source.entityKey()));
        if (key == null || key.toString().isEmpty()) {
            return "MISSING_ENTITY_KEY";
        }
        Object time = normalized(record.get(source.eventTime()));
        if (!(time instanceof Long eventTime)) {
            return "MISSING_EVENT_TIME";
        }
        long earliest = arrival - source.allowedLateness().toMillis();
        if (rules.lateBoundExclusive() ? eventTime <= earliest : eventTime < earliest) {
            return "TOO_LATE";
        }
        if (eventTime > arrival + source.maxFutureSkew().toMillis()) {
            return "TOO_FAR_IN_FUTURE";
        }
        for (String column : checkedColumns) {
            if (normalized(record.get(column)) instanceof Double d && (d.isNaN() || d.isInfinite())) {
                return "INVALID_VALUE";
            }
        }
        return null;
    }

    private OracleEvent event(GenericRecord record, RawRecord raw) {
        Map<String, Object> columns = new HashMap<>();
        checkedColumns.forEach(c -> columns.put(c, normalized(record.get(c))));
        Object id = source.eventId().map(record::get).map(Oracle::normalized).orElse(null);
        return new OracleEvent(normalized(record.get(source.entityKey())).toString(), id == null ? null : id.toString(),
                (Long) normalized(record.get(source.eventTime())), raw.arrival(), raw.partition(), raw.offset(),
                columns);
    }

    /** Avro's runtime classes to the value types of the contract: int to long, float to double, text to String. */
    static Object normalized(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof CharSequence || value instanceof org.apache.avro.generic.GenericData.EnumSymbol) {
            return value.toString();
        }
        return value;
    }

    /** Rejected records: position ({@code topic/partition@offset}) to reason code. */
    public Map<String, String> rejections() {
        return Collections.unmodifiableMap(rejections);
    }

    /** Accepted records that were later copies of an event. */
    public long duplicates() {
        return duplicates;
    }

    /** Entities with at least one surviving event. */
    public Set<String> entities() {
        return new TreeSet<>(survivorsByEntity.keySet());
    }

    public List<String> groupNames() {
        return groups.stream().map(FeatureGroupSpec::name).toList();
    }

    /** Every feature of a group for an entity at read time t, in spec order. */
    public Map<String, Object> valuesAt(String groupName, String entity, long t) {
        FeatureGroupSpec group = groups.stream().filter(g -> g.name().equals(groupName)).findFirst().orElseThrow();
        List<OracleEvent> arrived = survivorsByEntity.getOrDefault(entity, List.of()).stream()
                .filter(e -> e.arrival() <= t).toList();
        Map<String, Object> values = new LinkedHashMap<>();
        for (FeatureDefinition feature : group.features()) {
            long window = feature.window().toMillis();
            long hop = hopOf(window);
            long tail = Math.floorDiv(t - window, hop) * hop;
            List<OracleEvent> inWindow = arrived.stream().filter(e -> e.eventTime() >= tail).toList();
            values.put(feature.name(), OracleAggregates.value(feature, inWindow, rules));
        }
        return values;
    }

    /** The contract's hop: windows of 12 days or more use 1 day, of 12 hours or more 1 hour, else 5 minutes. */
    static long hopOf(long windowMillis) {
        long hour = 3_600_000L;
        if (windowMillis >= 12 * 24 * hour) {
            return 24 * hour;
        }
        return windowMillis >= 12 * hour ? hour : 5 * 60_000L;
    }
}
