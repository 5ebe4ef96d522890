package dev.lockstep.features;

/**
 * One line for a failure: its message and every distinct message of its causes, so an error raised deep
 * inside a library (a Spark task, a Redis client) still names the file, key or record it was about.
 * Shared by the command-line tools of every module, which print it instead of a stack trace.
 */
public final class CauseChain {

    private CauseChain() {
    }

    public static String describe(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append("; caused by ").append(cause.getClass().getSimpleName()).append(": ")
                        .append(cause.getMessage());
            }
        }
        return message.toString();
    }
}
