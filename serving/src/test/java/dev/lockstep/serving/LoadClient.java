package dev.lockstep.serving;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The open-loop load generator of serving/bench/load.sh: requests are due at a fixed rate (request k at
 * start + k / rate) whatever the server does, and each latency is measured from the time the request was
 * due, not from when a thread got round to sending it, so a stalled server shows up in the percentiles
 * instead of silently slowing the client down (coordinated omission). Requests are spread over enough
 * threads that sending never waits on a previous answer unless the server is behind.
 * Arguments: url, body, rate per second, seconds, threads. Prints one line: rate, count, errors, latencies.
 */
public final class LoadClient {

    private LoadClient() {
    }

    public static void main(String[] args) throws InterruptedException {
        URI url = URI.create(args[0]);
        String body = args[1];
        double rate = Double.parseDouble(args[2]);
        long seconds = Long.parseLong(args[3]);
        int threads = Integer.parseInt(args[4]);
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        long total = (long) (rate * seconds);
        long start = System.nanoTime() + 100_000_000L;
        double interval = 1e9 / rate;
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread sender = new Thread(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                HttpRequest request = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
                for (long k = first; k < total; k += threads) {
                    long due = start + (long) (k * interval);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    recorder.recordValue(Math.max(0, System.nanoTime() - due) / 1_000);
                }
            }, "load-" + t);
            senders.add(sender);
            sender.start();
        }
        for (Thread sender : senders) {
            sender.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Histogram h = recorder.getIntervalHistogram();
        System.out.printf("target %.0f/s achieved %.0f/s requests %d errors %d  p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms%n",
                rate, h.getTotalCount() / elapsed, h.getTotalCount(), errors.get(),
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
    }
}
