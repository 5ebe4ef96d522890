package dev.lockstep.serving;

/** Root of serving's unchecked exceptions, e.g. a server that cannot bind its port; messages carry context. */
public class ServingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ServingException(String message, Throwable cause) {
        super(message, cause);
    }
}
