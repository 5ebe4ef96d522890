package dev.lockstep.store.internal;

/** The result of one pipelined command: a value, or the failure Redis or the client reported. */
record Outcome<T>(T value, Throwable failure) {

    static <T> Outcome<T> success(T value) {
        return new Outcome<>(value, null);
    }

    static <T> Outcome<T> failed(Throwable failure) {
        return new Outcome<>(null, failure);
    }

    boolean isFailure() {
        return failure != null;
    }
}
