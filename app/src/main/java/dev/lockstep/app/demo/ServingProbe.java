package dev.lockstep.app.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A light client of the demo's own serving API: {@code POST /v1/features} for one card every interval, so the
 * status line's serving p99 reflects real HTTP requests even before anyone curls. Its requests are counted
 * with everyone else's in serving's metrics.
 */
final class ServingProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServingProbe.class);

    private final URI features;
    private final String service;
    private final String entityField;
    private final int cards;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Random random = new Random(7);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "demo-serving-probe");
        thread.setDaemon(true);
        return thread;
    });

    ServingProbe(URI servingBase, String service, String entityField, int cards) {
        this.features = servingBase.resolve("/v1/features");
        this.service = service;
        this.entityField = entityField;
        this.cards = cards;
    }

    void start(Duration interval) {
        timer.scheduleAtFixedRate(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe() {
        String card = String.format("card-%05d", 1 + random.nextInt(cards));
        String body = "{\"service\":\"" + service + "\",\"entities\":[{\"" + entityField + "\":\"" + card + "\"}]}";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(features)
                    .timeout(Duration.ofSeconds(2))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warn("serving probe got {} for {}: {}", response.statusCode(), card, response.body());
            }
        } catch (java.io.IOException e) {
            LOG.warn("serving probe failed for {}: {}", card, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
