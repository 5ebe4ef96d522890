package dev.lockstep.app.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lockstep.wire.SchemaRegistry;
import dev.lockstep.wire.UnknownSchemaException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Serves a {@link SchemaRegistry} over the subset of the Confluent Schema Registry REST API that
 * serializers use, the same subset {@code ConfluentRestSchemaRegistry} calls:
 *
 * <ul>
 *   <li>{@code POST /subjects/{subject}/versions}: register, answers {@code {"id": n}};</li>
 *   <li>{@code POST /subjects/{subject}}: look up, answers {@code {"subject", "id", "schema"}} or 404 with
 *       error code 40401 (subject not found) / 40403 (schema not found);</li>
 *   <li>{@code GET /schemas/ids/{id}}: the schema, or 404 with error code 40403.</li>
 * </ul>
 *
 * <p>Why: the demo's registry is in memory, inside the demo JVM. Serving it over the standard API lets any
 * client of a real registry (this project's {@code produce}, or Confluent's own console producer) talk to
 * the running demo exactly as it would talk to a real stack. Loopback only; no auth, no compatibility rules.
 */
public final class SchemaRegistryEndpoint implements AutoCloseable {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Pattern VERSIONS = Pattern.compile("/subjects/([^/]+)/versions/?");
    private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)/?");
    private static final Pattern SCHEMA_BY_ID = Pattern.compile("/schemas/ids/(\\d{1,10})/?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final SchemaRegistry registry;

    private SchemaRegistryEndpoint(HttpServer server, ExecutorService threads, SchemaRegistry registry) {
        this.server = server;
        this.threads = threads;
        this.registry = registry;
    }

    /** Serves {@code registry} on 127.0.0.1 at {@code port} (0: any free port). */
    public static SchemaRegistryEndpoint start(SchemaRegistry registry, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the schema registry on 127.0.0.1:" + port + ": "
                    + e.getMessage(), e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "schema-registry-http");
            thread.setDaemon(true);
            return thread;
        });
        SchemaRegistryEndpoint endpoint = new SchemaRegistryEndpoint(server, threads, registry);
        server.createContext("/", endpoint::handle);
        server.setExecutor(threads);
        server.start();
        return endpoint;
    }

    /** {@code http://127.0.0.1:<port>}: the URL to give a registry client. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // Match on the raw path: a subject may contain an encoded '/', decoded only after matching.
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            Matcher m;
            if ("POST".equals(method) && (m = VERSIONS.matcher(path)).matches()) {
                Optional<Schema> schema = readSchema(exchange);
                if (schema.isPresent()) {
                    reply(exchange, 200, JSON.createObjectNode().put("id", registry.register(decode(m.group(1)), schema.get())));
                }
            } else if ("POST".equals(method) && (m = SUBJECT.matcher(path)).matches()) {
                Optional<Schema> schema = readSchema(exchange);
                if (schema.isPresent()) {
                    lookUp(exchange, decode(m.group(1)), schema.get());
                }
            } else if ("GET".equals(method) && (m = SCHEMA_BY_ID.matcher(path)).matches()) {
                schemaById(exchange, Integer.parseInt(m.group(1)));
            } else {
                error(exchange, 404, 404, "no such endpoint: " + method + " " + path
                        + " (this registry serves POST /subjects/{s}/versions, POST /subjects/{s}, GET /schemas/ids/{id})");
            }
        } catch (RuntimeException e) {
            error(exchange, 500, 50001, "registry failure: " + e.getMessage());
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private void lookUp(HttpExchange exchange, String subject, Schema schema) throws IOException {
        Optional<Integer> id = registry.idOf(subject, schema);
        if (id.isEmpty()) {
            // The in-memory registry cannot tell an unknown subject from an unknown schema; 40403 covers both
            // for clients, which treat either as "not registered".
            error(exchange, 404, 40403, "Schema not found under subject '" + subject + "'");
            return;
        }
        reply(exchange, 200, JSON.createObjectNode().put("subject", subject).put("id", id.get())
                .put("schema", registry.schemaById(id.get()).toString()));
    }

    private void schemaById(HttpExchange exchange, int id) throws IOException {
        try {
            reply(exchange, 200, JSON.createObjectNode().put("schema", registry.schemaById(id).toString()));
        } catch (UnknownSchemaException e) {
            error(exchange, 404, 40403, "Schema " + id + " not found");
        }
    }

    /** The request's {@code schema}, or empty after answering 422 (Confluent's error 42201). */
    private static Optional<Schema> readSchema(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        JsonNode schemaText;
        try {
            schemaText = JSON.readTree(body).path("schema");
        } catch (IOException e) {
            error(exchange, 422, 42201, "request body is not JSON: " + e.getMessage());
            return Optional.empty();
        }
        if (!schemaText.isTextual()) {
            error(exchange, 422, 42201, "request body needs a \"schema\" string");
            return Optional.empty();
        }
        try {
            return Optional.of(new Schema.Parser().parse(schemaText.asText()));
        } catch (SchemaParseException e) {
            error(exchange, 422, 42201, "Invalid schema: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        reply(exchange, status, JSON.createObjectNode().put("error_code", code).put("message", message));
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
