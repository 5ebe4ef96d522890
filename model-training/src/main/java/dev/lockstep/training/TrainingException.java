package dev.lockstep.training;

/** Root of model-training's unchecked exceptions: a bad training set, a model that cannot be written. */
public class TrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
