package dev.lockstep.serving.internal;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lockstep.serving.model.LoadedModel;
import dev.lockstep.serving.model.RunDeadline;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an inference on the request thread with a deadline. A watchdog sets ONNX Runtime's terminate flag
 * on the run's options when the deadline passes; the run then fails at its next node and the request
 * answers 504. Running on the request thread (Jetty's pool bounds how many run at once) costs no thread
 * hand-off, which a separate inference pool did twice per request.
 *
 * <p>The watchdog is Netty's {@link HashedWheelTimer} (Netty comes with Lettuce): adding and cancelling a
 * deadline only queues it, and the timer's thread wakes once per tick, whatever the request rate. A
 * {@code ScheduledThreadPoolExecutor} woke its thread for every request (each new deadline became the
 * head of its queue), which cost about one context switch and a contended lock per prediction
 * (docs/benchmarks.md, "Serving"). The price is precision: a late run is stopped up to one tick
 * ({@link #TICK_MILLIS}) after its deadline.
 */
public final class InferenceRunner implements AutoCloseable {

    /** How often the watchdog looks for late runs, and so how late past its deadline a run may be stopped. */
    static final long TICK_MILLIS = 5;

    private final HashedWheelTimer watchdog;
    private final Duration timeout;

    public InferenceRunner(Duration timeout) {
        this.watchdog = new HashedWheelTimer(r -> {
            Thread t = new Thread(r, "serving-inference-watchdog");
            t.setDaemon(true);
            return t;
        }, TICK_MILLIS, TimeUnit.MILLISECONDS);
        this.timeout = timeout;
    }

    /**
     * @param model held by the caller for the whole call
     * @throws ApiException 504 {@code inference_timeout}, 500 {@code model_error}
     */
    public Map<String, Float> run(LoadedModel model, Map<String, float[]> rows) {
        try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            RunDeadline deadline = new RunDeadline(options);
            Timeout alarm = watchdog.newTimeout(fired -> deadline.expire(), timeout.toNanos(), TimeUnit.NANOSECONDS);
            try {
                return model.run(rows, options);
            } catch (OrtException e) {
                if (deadline.expired()) {
                    throw timedOut(model, e);
                }
                throw new ApiException(500, "model_error", "model " + model.name() + " version " + model.version()
                        + " failed: " + e.getMessage(), List.of(), e);
            } finally {
                alarm.cancel();
                deadline.finish();
            }
        } catch (OrtException e) {
            throw new ApiException(500, "model_error", "cannot create run options for model " + model.name() + ": "
                    + e.getMessage(), List.of(), e);
        }
    }

    private ApiException timedOut(LoadedModel model, Exception cause) {
        return new ApiException(504, "inference_timeout", "model " + model.name() + " version " + model.version()
                + " did not answer within " + timeout.toMillis() + " ms", List.of(), cause);
    }

    @Override
    public void close() {
        watchdog.stop();
    }
}
