package dev.lockstep.store.internal;

import dev.lockstep.store.OnlineStoreException;
import dev.lockstep.store.RedisUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/** Turns Lettuce failures into the store's exceptions, with the operation and keys in the message. */
final class Failures {

    /**
     * Error replies that say Redis cannot serve the key now rather than that the command is wrong: a
     * cluster without a primary for some slot (CLUSTERDOWN), a slot being migrated (TRYAGAIN), a server
     * still loading its data (LOADING), a replica cut off from its primary (MASTERDOWN). Each ends by
     * itself, so callers treat it as an outage and retry.
     */
    private static final List<String> TRANSIENT_ERRORS = List.of("CLUSTERDOWN", "TRYAGAIN", "LOADING", "MASTERDOWN");

    private Failures() {
    }

    static boolean isNoScript(Throwable failure) {
        return failure instanceof RedisNoScriptException
                || (failure instanceof RedisCommandExecutionException && String.valueOf(failure.getMessage())
                        .startsWith("NOSCRIPT"));
    }

    /**
     * A server-side error reply (bad script, wrong type) is a bug or a foreign key, not an outage; any
     * other client failure (not connected, connection lost, timed out) means Redis is unavailable.
     */
    static OnlineStoreException translate(String operation, String context, String endpoint, Throwable failure) {
        if (failure instanceof RedisCommandExecutionException && isTransient(failure.getMessage())) {
            return new RedisUnavailableException(operation + " failed for " + context + ": Redis at " + endpoint
                    + " cannot serve it now: " + failure.getMessage(), failure);
        }
        if (failure instanceof RedisCommandExecutionException) {
            return new OnlineStoreException(operation + " failed for " + context + ": Redis at " + endpoint
                    + " replied with an error: " + failure.getMessage(), failure);
        }
        if (failure instanceof RedisException || failure instanceof TimeoutException
                || failure instanceof CancellationException) {
            return new RedisUnavailableException(operation + " failed for " + context + ": Redis at " + endpoint
                    + " is unavailable (" + failure.getClass().getSimpleName() + ": " + failure.getMessage() + ")",
                    failure);
        }
        return new OnlineStoreException(operation + " failed for " + context + " against Redis at " + endpoint
                + ": " + failure, failure);
    }

    private static boolean isTransient(String message) {
        return message != null && TRANSIENT_ERRORS.stream().anyMatch(code -> message.startsWith(code + " ")
                || message.equals(code));
    }
}
