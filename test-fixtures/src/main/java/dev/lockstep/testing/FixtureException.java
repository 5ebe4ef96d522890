package dev.lockstep.testing;

/** A test fixture could not start, stop or act; the message says which and why. */
public final class FixtureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FixtureException(String message, Throwable cause) {
        super(message, cause);
    }

    public FixtureException(String message) {
        super(message);
    }
}
