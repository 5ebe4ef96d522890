package dev.lockstep.features.oracle;

import java.util.Map;

/** A source record as generated for tests: field values plus where and when it arrived. */
public record RawRecord(Map<String, Object> fields, int partition, long offset, long arrival) {
}
