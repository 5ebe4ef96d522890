package dev.lockstep.serving.internal;

/**
 * How fresh one group is at a read: its age (read time minus its watermark) and the verdict.
 *
 * @param ageMillis null when no heartbeat was ever published for the group (then it is stale)
 * @param stale     age above the group's freshness, or no heartbeat at all
 */
public record GroupStatus(String group, Long ageMillis, boolean stale) {

    static GroupStatus noHeartbeat(String group) {
        return new GroupStatus(group, null, true);
    }

    static GroupStatus of(String group, long ageMillis, long freshnessMillis) {
        return new GroupStatus(group, ageMillis, ageMillis > freshnessMillis);
    }
}
