package dev.lockstep.serving;

import java.util.Objects;

/**
 * A feature group was found stale by a request: its age exceeds its freshness, or it has no heartbeat.
 * Raised at most once per group per {@link ServingConfig#staleAlertInterval()}.
 *
 * @param ageMillis       null when the group's age is unknown: no heartbeat was ever published for it, or a
 *                        partition of its source topic has none
 * @param detectedAtMillis the request time at which the group was stale
 */
public record StalenessAlert(String group, Long ageMillis, long freshnessMillis, long detectedAtMillis) {

    public StalenessAlert {
        Objects.requireNonNull(group, "group");
    }

    /** {@code no_heartbeat} or {@code watermark_behind}. */
    public String reason() {
        return ageMillis == null ? "no_heartbeat" : "watermark_behind";
    }
}
