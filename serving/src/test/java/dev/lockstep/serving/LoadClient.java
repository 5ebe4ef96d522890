package dev.lockstep.serving;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The open-loop load generator of serving/bench/load.sh: requests are due at a fixed rate (request k at
 * start + k / rate) whatever the server does, and each latency is measured from the time the request was
 * due, not from when a thread got round to sending it, so a stalled server shows up in the percentiles
 * instead of silently slowing the client down (coordinated omission). Requests are spread over enough
 * threads, each with one keep-alive HTTP/1.1 socket (raw, so the client costs little CPU on a machine it
 * shares with the server), that sending never waits on a previous answer unless the server is behind.
 * Arguments: url, body (empty for a GET), rate per second, seconds, threads, and optionally warm-up seconds (default 5): the
 * client first runs that long at the same rate without recording, so its own JIT warm-up (a fresh JVM per
 * phase) is not counted as the server's latency. Prints one line: rate, count, errors, latencies. With the system
 * property {@code load.requests.file}, it also writes each recorded request's due and end time (System.nanoTime,
 * i.e. CLOCK_MONOTONIC, so serving/bench/stalls.sh can line them up with {@code perf sched}), one request a line.
 * With {@code load.warmup.url}, the warm-up sends GETs of that URL on the same server instead (coldstart.sh warms
 * the client against {@code /health}, leaving the server's request path cold).
 */
public final class LoadClient {

    private LoadClient() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        URI url = URI.create(args[0]);
        byte[] request = httpRequest(url, args[1]);
        String warmupUrl = System.getProperty("load.warmup.url");
        byte[] warmupRequest = warmupUrl == null ? request : httpRequest(URI.create(warmupUrl), "");
        double rate = Double.parseDouble(args[2]);
        long seconds = Long.parseLong(args[3]);
        int threads = Integer.parseInt(args[4]);
        long warmupSeconds = args.length > 5 ? Long.parseLong(args[5]) : 5;
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long total = (long) (rate * (warmupSeconds + seconds));
        long start = System.nanoTime() + 200_000_000L;
        long recordFrom = start + warmupSeconds * 1_000_000_000L;
        double interval = 1e9 / rate;
        String requestsFile = System.getProperty("load.requests.file");
        long[][] timesByThread = new long[threads][];
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread sender = new Thread(() -> {
                // Due and end of each recorded request, in pairs, written after the run so no file I/O is timed.
                long[] times = new long[requestsFile == null ? 0 : 2 * (int) (total / threads + 1)];
                int recorded = 0;
                RawHttpConnection connection = null;
                for (long k = first; k < total; k += threads) {
                    long due = start + (long) (k * interval);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        connection = connection == null ? new RawHttpConnection(url) : connection;
                        int status = connection.exchange(due < recordFrom ? warmupRequest : request).status();
                        if (status != 200) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, "HTTP " + status);
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                        connection = null;
                    }
                    if (due >= recordFrom) {
                        long end = System.nanoTime();
                        recorder.recordValue(Math.max(0, end - due) / 1_000);
                        if (times.length > 0) {
                            times[recorded++] = due;
                            times[recorded++] = end;
                        }
                    }
                }
                timesByThread[first] = Arrays.copyOf(times, recorded);
            }, "load-" + t);
            senders.add(sender);
            sender.start();
        }
        for (Thread sender : senders) {
            sender.join();
        }
        double elapsed = (System.nanoTime() - recordFrom) / 1e9;
        if (requestsFile != null) {
            writeRequestTimes(Path.of(requestsFile), timesByThread);
        }
        Histogram h = recorder.getIntervalHistogram();
        System.out.printf("target %.0f/s achieved %.0f/s requests %d errors %d%s  p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms"
                + "  max %.3f ms%n", rate, h.getTotalCount() / elapsed, h.getTotalCount(), errors.get(),
                firstError.get() == null ? "" : " (first: " + firstError.get() + ")",
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
    }

    private static void writeRequestTimes(Path file, long[][] timesByThread) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (long[] times : timesByThread) {
                for (int i = 0; i < times.length; i += 2) {
                    out.write(times[i] + " " + times[i + 1] + "\n");
                }
            }
        }
    }

    /** A POST of {@code body} as JSON, or a GET when the body is empty (the load script's HTTP floor: /health). */
    private static byte[] httpRequest(URI url, String body) {
        String head = (body.isEmpty() ? "GET " : "POST ") + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost()
                + ":" + url.getPort() + "\r\n";
        if (!body.isEmpty()) {
            head += "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n";
        }
        return (head + "\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }
}
