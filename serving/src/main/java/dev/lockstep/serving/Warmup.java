package dev.lockstep.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Requests the server runs through its own endpoints after it starts and before {@code GET /ready} answers 200,
 * so the JIT has compiled the request path before a load balancer sends traffic: a fresh JVM spends several
 * times the CPU per request for about its first minute of load (docs/benchmarks.md, "Serving: a cold start").
 *
 * <p>The requests run in-process, with the server's store, models and clock but their own metrics, no dead-letter
 * topic and no staleness alerts, so they show nowhere a caller's request would. They loop for {@code duration}
 * after a first pass in which a request the API refuses (4xx: a typo in the file) fails the start, naming its line.
 *
 * @param requests what to send, in order, at least one
 * @param duration how long to keep sending them after the first pass (0: the first pass only)
 */
public record Warmup(List<Request> requests, Duration duration) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FEATURES = "/v1/features";
    private static final String PREDICT = "/v1/predict/";

    /**
     * One request: {@code POST path} with {@code body}.
     *
     * @param origin where it was read, for messages (e.g. {@code warmup.jsonl:3})
     */
    public record Request(String path, byte[] body, String origin) {

        public Request {
            Objects.requireNonNull(origin, "origin");
            if (path == null || !(path.equals(FEATURES) || isPredict(path))) {
                throw new IllegalArgumentException(origin + ": path " + path + " is not " + FEATURES + " or "
                        + PREDICT + "<model>");
            }
            Objects.requireNonNull(body, "body");
        }

        /** The model of a {@code /v1/predict/<model>} path, or null for {@code /v1/features}. */
        public String model() {
            return isPredict(path) ? path.substring(PREDICT.length()) : null;
        }

        private static boolean isPredict(String path) {
            return path.startsWith(PREDICT) && path.length() > PREDICT.length()
                    && path.indexOf('/', PREDICT.length()) < 0;
        }
    }

    public Warmup {
        requests = List.copyOf(requests);
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("a warm-up needs at least one request");
        }
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("invalid warm-up duration " + duration + ": must be a non-negative duration");
        }
    }

    /**
     * Reads JSON lines, one request each: {@code {"path": "/v1/predict/fraud", "body": {...}}}, the body as the API
     * takes it. Blank lines are skipped.
     *
     * @throws IllegalArgumentException naming the file and line of what is wrong, or the file if it cannot be read
     */
    public static Warmup readJsonLines(Path file, Duration duration) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the warm-up requests " + file + ": " + e, e);
        }
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                requests.add(request(lines.get(i), file.getFileName() + ":" + (i + 1)));
            }
        }
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("the warm-up requests " + file + " hold no request");
        }
        return new Warmup(requests, duration);
    }

    private static Request request(String line, String origin) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(origin + ": not JSON: " + e.getOriginalMessage(), e);
        }
        if (!node.isObject() || !node.path("path").isTextual() || !node.path("body").isObject()) {
            throw new IllegalArgumentException(origin + ": expected {\"path\": \"/v1/...\", \"body\": {...}}, got "
                    + abbreviate(line));
        }
        try {
            return new Request(node.get("path").asText(), JSON.writeValueAsBytes(node.get("body")), origin);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write back a parsed JSON body at " + origin, e);
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
