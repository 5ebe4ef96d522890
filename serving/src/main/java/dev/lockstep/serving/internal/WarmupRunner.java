package dev.lockstep.serving.internal;

import dev.lockstep.serving.ServingException;
import dev.lockstep.serving.Warmup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Warmup}: a first pass on the calling thread, where a request the API refuses fails the start,
 * then the requests in a loop on background threads until the warm-up's duration has passed. Its endpoints are a
 * second set built by the server over throwaway metrics and sinks, so nothing a caller watches sees these requests.
 */
public final class WarmupRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WarmupRunner.class);
    private static final String REQUEST_ID = "warmup";

    private final Warmup warmup;
    private final Function<ApiRequest, HttpReply> features;
    private final Optional<Function<ApiRequest, HttpReply>> predict;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private volatile long startedNanos;
    private volatile boolean closed;

    private WarmupRunner(Warmup warmup, Function<ApiRequest, HttpReply> features,
            Optional<Function<ApiRequest, HttpReply>> predict) {
        this.warmup = warmup;
        this.features = features;
        this.predict = predict;
    }

    /**
     * Checks every request once, then keeps sending them from {@code threadCount} threads for the warm-up's
     * duration.
     *
     * @throws ServingException naming the request's origin when one calls a model the server does not serve, or
     *                          the API refuses it (4xx); a server-side failure (a store outage) is logged only
     */
    public static WarmupRunner start(Warmup warmup, Function<ApiRequest, HttpReply> features,
            Optional<Function<ApiRequest, HttpReply>> predict, int threadCount) {
        WarmupRunner runner = new WarmupRunner(warmup, features, predict);
        long firstPass = System.nanoTime();
        for (Warmup.Request request : warmup.requests()) {
            runner.check(request);
        }
        LOG.info("warm-up: {} request(s) checked in {} ms; sending them for {} s before reporting ready",
                warmup.requests().size(), (System.nanoTime() - firstPass) / 1_000_000, warmup.duration().toSeconds());
        runner.startedNanos = System.nanoTime();
        if (warmup.duration().isZero()) {
            return runner;
        }
        for (int t = 0; t < threadCount; t++) {
            int first = t;
            Thread thread = new Thread(() -> runner.loop(first, threadCount), "serving-warmup-" + t);
            thread.setDaemon(true);
            runner.threads.add(thread);
        }
        runner.running.set(threadCount);
        runner.threads.forEach(Thread::start);
        return runner;
    }

    /** Whether the warm-up has ended: its duration has passed, or it was closed. */
    public boolean done() {
        return closed || System.nanoTime() - startedNanos >= warmup.duration().toNanos();
    }

    /** For {@code GET /ready} while it runs, e.g. {@code warming up: 12 of 30 s, 8,120 requests sent}. */
    public String progress() {
        long elapsed = (System.nanoTime() - startedNanos) / 1_000_000_000L;
        return "warming up: " + Math.min(elapsed, warmup.duration().toSeconds()) + " of "
                + warmup.duration().toSeconds() + " s, " + sent.get() + " requests sent";
    }

    private void check(Warmup.Request request) {
        if (request.model() != null && predict.isEmpty()) {
            throw new ServingException(request.origin() + ": warm-up request to " + request.path()
                    + ", but this server has no models (LOCKSTEP_MODELS_DIR)", null);
        }
        try {
            send(request);
        } catch (ApiException e) {
            if (e.status() < 500) {
                throw new ServingException(request.origin() + ": the API refuses this warm-up request to "
                        + request.path() + ": " + e.status() + " " + e.code() + ": " + e.getMessage(), e);
            }
            LOG.warn("warm-up request {} to {} failed on the server's side ({} {}): {}; the warm-up goes on",
                    request.origin(), request.path(), e.status(), e.code(), e.getMessage());
        }
    }

    private void loop(int first, int stride) {
        long deadline = startedNanos + warmup.duration().toNanos();
        List<Warmup.Request> requests = warmup.requests();
        for (long k = first; !closed && System.nanoTime() < deadline; k += stride) {
            Warmup.Request request = requests.get((int) (k % requests.size()));
            try {
                send(request);
            } catch (RuntimeException e) {
                // Checked once already: this is the store or a model failing meanwhile, which readiness reports.
                failed.incrementAndGet();
            }
        }
        if (running.decrementAndGet() == 0) {
            LOG.info("warm-up {}: {} requests sent in {} s, {} failed", closed ? "cut short by the stop" : "done",
                    sent.get(), (System.nanoTime() - startedNanos) / 1_000_000_000L, failed.get());
        }
    }

    private void send(Warmup.Request request) {
        String model = request.model();
        ApiRequest call = new ApiRequest(model, request.body(), ApiCaller.ANYONE, REQUEST_ID);
        (model == null ? features : predict.orElseThrow()).apply(call);
        sent.incrementAndGet();
    }

    /** Ends the warm-up early (the server stops) and waits for its threads. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
