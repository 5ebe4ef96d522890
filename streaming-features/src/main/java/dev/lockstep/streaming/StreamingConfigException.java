package dev.lockstep.streaming;

/**
 * A configuration or environment problem found when the app starts: an invalid setting (the message
 * names key, value and reason) or a topic that breaks the app's assumptions.
 */
public class StreamingConfigException extends RuntimeException {

    public StreamingConfigException(String message) {
        super(message);
    }

    public StreamingConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
