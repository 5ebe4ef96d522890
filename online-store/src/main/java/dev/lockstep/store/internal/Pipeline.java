package dev.lockstep.store.internal;

import dev.lockstep.store.OnlineStoreException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Sends many commands in one flush and waits for all of them. The connection has auto-flush off for
 * good, so every command in this module goes through here: dispatching only buffers, {@link #flush}
 * writes the buffer once. Threads may share the connection: each flushes after its own dispatches, so
 * no command is left unsent.
 */
public final class Pipeline {

    /** One command and the keys it touches, for error messages. */
    public record Call<T>(String context, Function<RedisAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
    }

    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final Duration timeout;
    private final String endpoint;

    public Pipeline(StatefulRedisConnection<byte[], byte[]> connection, Duration timeout, String endpoint) {
        this.connection = connection;
        this.timeout = timeout;
        this.endpoint = endpoint;
    }

    public String endpoint() {
        return endpoint;
    }

    /** Runs the calls and returns their values in order, or throws for the first failure. */
    public <T> List<T> execute(String operation, List<Call<T>> calls) {
        List<Outcome<T>> outcomes = run(calls);
        List<T> values = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome<T> outcome = outcomes.get(i);
            if (outcome.isFailure()) {
                throw failure(operation, calls, outcomes, i);
            }
            values.add(outcome.value());
        }
        return values;
    }

    /** Runs one call. */
    public <T> T executeOne(String operation, Call<T> call) {
        return execute(operation, List.of(call)).get(0);
    }

    /** Runs the calls and reports each outcome, for callers that retry some failures (NOSCRIPT). */
    <T> List<Outcome<T>> run(List<Call<T>> calls) {
        RedisAsyncCommands<byte[], byte[]> async = connection.async();
        List<RedisFuture<T>> futures = new ArrayList<>(calls.size());
        RuntimeException dispatchFailure = null;
        try {
            for (Call<T> call : calls) {
                futures.add(call.command().apply(async));
            }
        } catch (RuntimeException e) {
            // Lettuce reports most failures through the future, but a closed connection throws here;
            // the calls not dispatched get this failure, so it is translated like any other.
            dispatchFailure = e;
        } finally {
            // Flush even if a dispatch threw, so the commands already buffered are not stranded.
            connection.flushCommands();
        }
        // The client times each command out after `timeout`; our own deadline is only a safety net.
        long deadline = System.nanoTime() + 2 * timeout.toNanos();
        List<Outcome<T>> outcomes = new ArrayList<>(calls.size());
        for (RedisFuture<T> future : futures) {
            outcomes.add(await(future, deadline));
        }
        while (outcomes.size() < calls.size()) {
            outcomes.add(Outcome.failed(dispatchFailure));
        }
        return outcomes;
    }

    private static <T> Outcome<T> await(RedisFuture<T> future, long deadline) {
        try {
            long remaining = Math.max(0, deadline - System.nanoTime());
            return Outcome.success(future.get(remaining, TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
            return Outcome.failed(e.getCause() != null ? e.getCause() : e);
        } catch (TimeoutException e) {
            future.cancel(false);
            return Outcome.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed(e);
        } catch (RuntimeException e) {
            // A cancelled future throws CancellationException from get().
            return Outcome.failed(e);
        }
    }

    <T> OnlineStoreException failure(String operation, List<? extends Call<?>> calls, List<Outcome<T>> outcomes,
            int firstFailed) {
        long failed = outcomes.stream().filter(Outcome::isFailure).count();
        String context = calls.get(firstFailed).context()
                + (failed > 1 ? " (and " + (failed - 1) + " more of " + calls.size() + " commands)" : "");
        OnlineStoreException error = Failures.translate(operation, context, endpoint,
                outcomes.get(firstFailed).failure());
        if (outcomes.get(firstFailed).failure() instanceof InterruptedException) {
            return new OnlineStoreException(operation + " interrupted while waiting for " + context, error);
        }
        return error;
    }
}
