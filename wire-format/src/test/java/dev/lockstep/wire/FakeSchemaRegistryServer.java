package dev.lockstep.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * The three Schema Registry endpoints serializers use, served on 127.0.0.1 with the error bodies of
 * Confluent's registry, and a log of every request so tests can check paths, headers and bodies.
 */
final class FakeSchemaRegistryServer implements AutoCloseable {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern LOOKUP = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One request as the server saw it. */
    record Request(String method, String rawPath, String contentType, String authorization, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Integer> idsBySchema = new LinkedHashMap<>();
    private final Map<String, Set<Integer>> idsBySubject = new LinkedHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private int failStatus;
    private String failBody;
    private boolean hang;

    FakeSchemaRegistryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every later request is answered with this status and body. */
    synchronized void failWith(int status, String body) {
        failStatus = status;
        failBody = body;
    }

    /** Every later request gets no answer until the server is closed. */
    synchronized void hang() {
        hang = true;
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body);
            boolean hangNow;
            synchronized (this) {
                requests.add(request);
                hangNow = hang;
            }
            if (hangNow) {
                released.await();
                return;
            }
            Response response = respond(request);
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(response.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Response respond(Request request) throws IOException {
        if (failStatus != 0) {
            return new Response(failStatus, failBody);
        }
        Matcher register = REGISTER.matcher(request.rawPath());
        Matcher lookup = LOOKUP.matcher(request.rawPath());
        Matcher byId = BY_ID.matcher(request.rawPath());
        if (request.method().equals("POST") && !CONTENT_TYPE.equals(request.contentType())) {
            return error(415, 415, "HTTP 415 Unsupported Media Type");
        }
        if (request.method().equals("POST") && register.matches()) {
            String schema = schemaOf(request);
            int id = idsBySchema.computeIfAbsent(schema, s -> idsBySchema.size() + 1);
            idsBySubject.computeIfAbsent(decode(register.group(1)), s -> new LinkedHashSet<>()).add(id);
            return new Response(200, "{\"id\":" + id + "}");
        }
        if (request.method().equals("POST") && lookup.matches()) {
            String subject = decode(lookup.group(1));
            if (!idsBySubject.containsKey(subject)) {
                return error(404, 40401, "Subject '" + subject + "' not found.");
            }
            Integer id = idsBySchema.get(schemaOf(request));
            if (id == null || !idsBySubject.get(subject).contains(id)) {
                return error(404, 40403, "Schema not found");
            }
            return new Response(200, MAPPER.createObjectNode().put("subject", subject).put("id", id)
                    .put("version", 1).put("schema", schemaOf(request)).toString());
        }
        if (request.method().equals("GET") && byId.matches()) {
            int id = Integer.parseInt(byId.group(1));
            return idsBySchema.entrySet().stream().filter(e -> e.getValue() == id).findFirst()
                    .map(e -> new Response(200, MAPPER.createObjectNode().put("schema", e.getKey()).toString()))
                    .orElse(error(404, 40403, "Schema not found"));
        }
        return error(404, 404, "HTTP 404 Not Found");
    }

    // Like the real registry: the schema must parse, and it is kept in canonical JSON.
    private static String schemaOf(Request request) throws IOException {
        JsonNode json = MAPPER.readTree(request.body());
        return new Schema.Parser().parse(json.get("schema").asText()).toString();
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private static Response error(int status, int code, String message) {
        return new Response(status, MAPPER.createObjectNode().put("error_code", code).put("message", message).toString());
    }

    private record Response(int status, String body) {
    }
}
