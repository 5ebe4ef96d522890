package dev.lockstep.serving;

/**
 * Where replayable failed requests go ({@link KafkaDeadLetterSink} in production). Called on the request
 * thread, so an implementation must not block for long; a record it cannot deliver it logs and counts
 * itself, because the caller has already got its error response and there is no one else to tell.
 */
@FunctionalInterface
public interface DeadLetterSink {

    void send(FailedRequest request);

    /** No dead-letter topic configured: failed requests are answered and counted, not kept. */
    static DeadLetterSink none() {
        return request -> { };
    }
}
