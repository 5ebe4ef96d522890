package dev.lockstep.parity.oracle;

/**
 * A source record as the broker holds it: key and value bytes, position, and the arrival time the broker
 * stamped (LogAppendTime), read back from the topic rather than taken from the generator.
 */
public record RawRecord(byte[] key, byte[] value, String topic, int partition, long offset, long arrival) {

    /** The position as dead letters and reports name it: {@code topic/partition@offset}. */
    public String position() {
        return topic + "/" + partition + "@" + offset;
    }
}
