package dev.lockstep.store.internal;

import dev.lockstep.store.OnlineStoreException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends many commands in one flush and waits for all of them. The connection has auto-flush off for
 * good, so every command in this module goes through here: dispatching only buffers, {@link #flush}
 * writes the buffer once. Threads may share the connection: each flushes after its own dispatches, so
 * no command is left unsent.
 *
 * <p>On a cluster connection a command can also reach a buffer after the flush: one routed to a node
 * whose connection was still being opened (Lettuce issue #2420), or one re-sent after a MOVED or ASK
 * redirect. So while waiting, the pipeline flushes again every {@link #REFLUSH_NANOS}; a flush with an
 * empty buffer writes nothing.
 */
public final class Pipeline {

    /**
     * One command and the keys it touches, for error messages. The command returns Lettuce's future, or
     * any future completed by one (a command on a node connection that is opened first).
     */
    public record Call<T>(String context,
            Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends Future<T>> command) {
    }

    private static final long REFLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final StatefulConnection<byte[], byte[]> connection;
    private final RedisClusterAsyncCommands<byte[], byte[]> commands;
    private final Duration timeout;
    private final String endpoint;

    /**
     * @param commands the connection's asynchronous commands: a single Redis' or the cluster's, which
     *                 route each command by its first key
     */
    public Pipeline(StatefulConnection<byte[], byte[]> connection, RedisClusterAsyncCommands<byte[], byte[]> commands,
            Duration timeout, String endpoint) {
        this.connection = connection;
        this.commands = commands;
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
        List<Future<T>> futures = new ArrayList<>(calls.size());
        RuntimeException dispatchFailure = null;
        try {
            for (Call<T> call : calls) {
                futures.add(call.command().apply(commands));
            }
        } catch (RuntimeException e) {
            // Lettuce reports most failures through the future, but a closed connection throws here;
            // the calls not dispatched get this failure, so it is translated like any other.
            dispatchFailure = e;
        } finally {
            // Flush even if a dispatch threw, so the commands already buffered are not stranded.
            flush();
        }
        // The client times each command out after `timeout`; our own deadline is only a safety net.
        long deadline = System.nanoTime() + 2 * timeout.toNanos();
        List<Outcome<T>> outcomes = new ArrayList<>(calls.size());
        for (Future<T> future : futures) {
            outcomes.add(await(future, deadline));
        }
        while (outcomes.size() < calls.size()) {
            outcomes.add(Outcome.failed(dispatchFailure));
        }
        return outcomes;
    }

    private <T> Outcome<T> await(Future<T> future, long deadline) {
        try {
            while (true) {
                long remaining = Math.max(0, deadline - System.nanoTime());
                try {
                    return Outcome.success(future.get(Math.min(remaining, REFLUSH_NANOS), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    if (remaining <= REFLUSH_NANOS) {
                        future.cancel(false);
                        return Outcome.failed(e);
                    }
                    flush();
                }
            }
        } catch (ExecutionException e) {
            return Outcome.failed(e.getCause() != null ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed(e);
        } catch (RuntimeException e) {
            // A cancelled future throws CancellationException from get().
            return Outcome.failed(e);
        }
    }

    /**
     * Writes the buffered commands. On a cluster connection Lettuce's flush walks the node connections and can
     * throw a NullPointerException for one whose connect is completing at that moment (Lettuce issues #1301,
     * #2420). The commands stay buffered, so the failure is not the caller's: {@link #await} flushes again every
     * {@link #REFLUSH_NANOS}, and a command that is never written times out and is reported as failed.
     */
    private void flush() {
        try {
            connection.flushCommands();
        } catch (RuntimeException e) {
            LOG.debug("flushing the commands to {} failed; flushing again while waiting for their replies", endpoint, e);
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
