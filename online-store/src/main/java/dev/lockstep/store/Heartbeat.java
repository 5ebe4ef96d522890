package dev.lockstep.store;

/**
 * A progress heartbeat: how far a writer has processed, and when it said so. Serving derives feature age
 * from these, never from an entity's last event.
 *
 * @param watermarkMillis   streaming: latest arrival time processed; batch: end of the last completed run
 * @param publishedAtMillis wall-clock time of publication, so a silent writer shows as stale
 */
public record Heartbeat(long watermarkMillis, long publishedAtMillis) {

    /** Whether this heartbeat should replace {@code stored}: later by (watermark, publishedAt). */
    public boolean isLaterThan(Heartbeat stored) {
        if (watermarkMillis != stored.watermarkMillis) {
            return watermarkMillis > stored.watermarkMillis;
        }
        return publishedAtMillis > stored.publishedAtMillis;
    }
}
