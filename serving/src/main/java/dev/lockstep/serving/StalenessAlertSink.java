package dev.lockstep.serving;

/**
 * Where staleness alerts go ({@link KafkaStalenessAlertSink} in production). Called on the request
 * thread, already rate-limited per group; an implementation must not block for long and logs and counts
 * what it cannot deliver.
 */
@FunctionalInterface
public interface StalenessAlertSink {

    void send(StalenessAlert alert);

    /** No alert topic configured: staleness shows in metrics, logs and responses only. */
    static StalenessAlertSink none() {
        return alert -> { };
    }
}
