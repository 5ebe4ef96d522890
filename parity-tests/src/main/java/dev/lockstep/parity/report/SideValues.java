package dev.lockstep.parity.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The feature values one path produced: per row (read time, group, entity), feature name to value. A row
 * a path did not produce is absent; the comparison counts it as missing or extra.
 */
public final class SideValues {

    private final String name;
    private final TreeMap<RowKey, Map<String, Object>> rows = new TreeMap<>();

    public SideValues(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public String name() {
        return name;
    }

    /** Adds a row; values as the engine finalizes them (Long, Double, String, Boolean, List, or null). */
    public SideValues put(RowKey row, Map<String, Object> values) {
        if (rows.put(row, Collections.unmodifiableMap(new LinkedHashMap<>(values))) != null) {
            throw new IllegalArgumentException(name + " has row " + row + " twice");
        }
        return this;
    }

    public Map<RowKey, Map<String, Object>> rows() {
        return Collections.unmodifiableSortedMap(rows);
    }

    public int size() {
        return rows.size();
    }
}
