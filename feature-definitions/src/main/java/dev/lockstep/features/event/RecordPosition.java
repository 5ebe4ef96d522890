package dev.lockstep.features.event;

/**
 * Where a source record came from and when it arrived: its topic, partition and offset, and its arrival
 * time, which is the broker-set record timestamp (LogAppendTime). Archives keep these beside each event
 * so batch applies exactly the rules streaming applied.
 */
public record RecordPosition(String topic, int partition, long offset, long arrivalMillis) {

    @Override
    public String toString() {
        return topic + "/" + partition + "@" + offset + " (arrival " + arrivalMillis + ")";
    }
}
