package dev.lockstep.streaming.testing;

import dev.lockstep.features.event.RecordPosition;

/** A source record as it sat in the topic: key and value bytes at a position with its arrival. */
public record SourceRecordAt(byte[] key, byte[] value, RecordPosition position) {
}
