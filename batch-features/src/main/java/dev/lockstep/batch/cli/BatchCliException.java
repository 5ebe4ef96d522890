package dev.lockstep.batch.cli;

/** A batch command cannot run: unreadable input, unreachable Redis or Kafka. The message says which and why. */
final class BatchCliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BatchCliException(String message, Throwable cause) {
        super(message, cause);
    }
}
