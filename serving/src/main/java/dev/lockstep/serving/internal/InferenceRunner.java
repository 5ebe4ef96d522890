package dev.lockstep.serving.internal;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lockstep.serving.model.LoadedModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs inferences on a fixed pool with a deadline. The request thread waits at most the timeout (queueing
 * included) and then answers 504; the inference it gave up on is told to stop ({@code RunOptions
 * setTerminate}) and still releases its model reference when it ends, so a timed-out inference never
 * holds a retired session open for longer than it runs, and never has it closed under it.
 */
public final class InferenceRunner implements AutoCloseable {

    private final ThreadPoolExecutor pool;
    private final Duration timeout;

    public InferenceRunner(int threads, Duration timeout) {
        AtomicInteger number = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "serving-inference-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timeout = timeout;
    }

    /**
     * @param model held by the caller; the inference takes its own reference for as long as it runs
     * @throws ApiException 504 {@code inference_timeout}, 500 {@code model_error}, 503 {@code model_unavailable}
     */
    public Map<String, Float> run(LoadedModel model, Map<String, float[]> rows) {
        if (!model.tryAcquire()) {
            throw new IllegalStateException("model " + model.name() + " version " + model.version()
                    + " was closed while a request held it");
        }
        Inference inference = new Inference(model, rows);
        Future<Map<String, Float>> result;
        try {
            result = pool.submit(inference);
        } catch (RejectedExecutionException e) {
            model.release();
            throw new ApiException(503, "model_unavailable", "the server is shutting down; model " + model.name()
                    + " takes no more predictions", List.of(), e);
        }
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            inference.terminate();
            throw new ApiException(504, "inference_timeout", "model " + model.name() + " version " + model.version()
                    + " did not answer within " + timeout.toMillis() + " ms", List.of(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new ApiException(500, "model_error", "model " + model.name() + " version " + model.version()
                    + " failed: " + cause.getMessage(), List.of(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inference.terminate();
            throw new ApiException(503, "model_unavailable", "interrupted waiting for model " + model.name(),
                    List.of(), e);
        }
    }

    /** Stops taking inferences; running ones finish and release their models. */
    @Override
    public void close() {
        pool.shutdown();
    }

    /** One inference; {@link #terminate()} may come from the request thread at any time. */
    private static final class Inference implements Callable<Map<String, Float>> {
        private final LoadedModel model;
        private final Map<String, float[]> rows;
        private OrtSession.RunOptions options;
        private boolean terminated;

        Inference(LoadedModel model, Map<String, float[]> rows) {
            this.model = model;
            this.rows = rows;
        }

        @Override
        public Map<String, Float> call() throws OrtException {
            try {
                synchronized (this) {
                    if (terminated) {
                        return Map.of();
                    }
                    options = new OrtSession.RunOptions();
                }
                return model.run(rows, options);
            } finally {
                synchronized (this) {
                    if (options != null) {
                        options.close();
                        options = null;
                    }
                }
                model.release();
            }
        }

        synchronized void terminate() {
            terminated = true;
            if (options != null) {
                try {
                    options.setTerminate(true);
                } catch (OrtException e) {
                    // The run ends on its own; the caller has its 504 already.
                }
            }
        }
    }
}
