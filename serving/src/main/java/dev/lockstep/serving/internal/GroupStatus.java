package dev.lockstep.serving.internal;

/**
 * How fresh one group is at a read: its age (read time minus its watermark) and the verdict.
 *
 * @param ageMillis  null when the group's watermark is unknown (then it is stale): no heartbeat was ever
 *                   published for it, or a partition of its source topic has none
 * @param stale      age above the group's freshness, or no age at all
 * @param noAgeCause why the age is unknown, as a predicate of the group ("has no heartbeat"); null with an age
 */
public record GroupStatus(String group, Long ageMillis, boolean stale, String noAgeCause) {

    static GroupStatus noHeartbeat(String group) {
        return unknownAge(group, "has no heartbeat");
    }

    static GroupStatus unknownAge(String group, String cause) {
        return new GroupStatus(group, null, true, cause);
    }

    static GroupStatus of(String group, long ageMillis, long freshnessMillis) {
        return new GroupStatus(group, ageMillis, ageMillis > freshnessMillis, null);
    }

    /** Why the group is stale, for log lines and rejections: "has no heartbeat" or "is 90000 ms behind". */
    String staleness() {
        return ageMillis == null ? noAgeCause : "is " + ageMillis + " ms behind";
    }
}
