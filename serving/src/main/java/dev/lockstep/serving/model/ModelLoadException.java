package dev.lockstep.serving.model;

import dev.lockstep.serving.ServingException;

/** A model version that cannot be served: a bad manifest, a model that does not match it, an unreadable file. */
public final class ModelLoadException extends ServingException {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message, null);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
