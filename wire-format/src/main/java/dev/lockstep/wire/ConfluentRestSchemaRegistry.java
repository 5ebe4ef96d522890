package dev.lockstep.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.wire.internal.RegistryJson;
import dev.lockstep.wire.internal.RegistryUrl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the subset of the Confluent Schema Registry REST API that serializers use; Confluent's
 * registry, Apicurio's ccompat API, Karapace and Redpanda all serve it.
 *
 * <ul>
 *   <li>{@code POST /subjects/{subject}/versions} registers a schema and returns its id;
 *   <li>{@code POST /subjects/{subject}} looks a schema up under a subject (404 means not there);
 *   <li>{@code GET /schemas/ids/{id}} returns the schema with an id.
 * </ul>
 *
 * <p>Ids and schemas are cached for the life of the client: an id's schema never changes, and a
 * schema's id under a subject never changes, so after warm-up encode and decode make no HTTP calls.
 * Lookups that find nothing are not cached, since another client may register the schema later.
 * Errors are {@link SchemaRegistryException}s naming the URL, the subject or id, the HTTP status and
 * the registry's message; credentials never appear in them. Thread-safe.
 */
public final class ConfluentRestSchemaRegistry implements SchemaRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ConfluentRestSchemaRegistry.class);
    private static final int SUBJECT_NOT_FOUND = 40401;
    private static final int SCHEMA_NOT_FOUND = 40403;

    private final String baseUrl;
    private final Duration requestTimeout;
    private final Optional<String> authorization;
    private final HttpClient http;
    private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    private ConfluentRestSchemaRegistry(Builder builder) {
        RegistryUrl url = RegistryUrl.parse(builder.url);
        this.baseUrl = url.baseUrl();
        this.requestTimeout = builder.requestTimeout;
        Optional<String> userInfo = builder.userInfo != null ? Optional.of(builder.userInfo) : url.userInfo();
        this.authorization = userInfo.map(info ->
                "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
        this.http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout).build();
    }

    /** A builder for a client of the registry at {@code url}, e.g. {@code http://localhost:8081}. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** The registry's base URL, without credentials. */
    public String url() {
        return baseUrl;
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = SubjectSchema.of(subject, schema);
        Integer cached = ids.get(key);
        if (cached != null) {
            return cached;
        }
        String action = "register a schema under subject '" + subject + "'";
        HttpResponse<String> response = send(post(subjectPath(subject) + "/versions", schema), action);
        if (response.statusCode() != 200) {
            throw httpError(action, response);
        }
        int id = readId(response, action);
        ids.put(key, id);
        schemas.putIfAbsent(id, schema);
        LOG.info("Schema id {} registered under subject '{}' at {}", id, subject, baseUrl);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemas.get(id);
        if (cached != null) {
            return cached;
        }
        String action = "fetch schema id " + id;
        HttpResponse<String> response = send(request("/schemas/ids/" + id).GET().build(), action);
        if (response.statusCode() == 404 && RegistryJson.errorCode(response.body()) == SCHEMA_NOT_FOUND) {
            throw new UnknownSchemaException(id, "Schema id " + id + " is not registered at " + baseUrl
                    + ": " + RegistryJson.errorMessage(response.body()));
        }
        if (response.statusCode() != 200) {
            throw httpError(action, response);
        }
        Schema schema = parseSchema(id, response, action);
        Schema raced = schemas.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public Optional<Integer> idOf(String subject, Schema schema) {
        SubjectSchema key = SubjectSchema.of(subject, schema);
        Integer cached = ids.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        String action = "look up a schema under subject '" + subject + "'";
        HttpResponse<String> response = send(post(subjectPath(subject), schema), action);
        if (response.statusCode() == 404) {
            int code = RegistryJson.errorCode(response.body());
            if (code == SUBJECT_NOT_FOUND || code == SCHEMA_NOT_FOUND) {
                return Optional.empty();
            }
        }
        if (response.statusCode() != 200) {
            throw httpError(action, response);
        }
        int id = readId(response, action);
        ids.put(key, id);
        schemas.putIfAbsent(id, schema);
        return Optional.of(id);
    }

    private HttpRequest post(String path, Schema schema) {
        return request(path)
                .header("Content-Type", RegistryJson.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(RegistryJson.schemaRequest(schema.toString())))
                .build();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .header("Accept", RegistryJson.CONTENT_TYPE);
        authorization.ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    private HttpResponse<String> send(HttpRequest request, String action) {
        String where = request.method() + " " + request.uri();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new SchemaRegistryException("Schema registry " + baseUrl + " failed to " + action
                    + ": timed out (" + where + ", timeout " + requestTimeout.toMillis() + " ms)", e);
        } catch (IOException e) {
            throw new SchemaRegistryException("Schema registry " + baseUrl + " failed to " + action
                    + ": cannot reach it (" + where + "): " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while waiting for schema registry " + baseUrl
                    + " to " + action + " (" + where + ")", e);
        }
    }

    private SchemaRegistryException httpError(String action, HttpResponse<String> response) {
        return new SchemaRegistryException("Schema registry " + baseUrl + " failed to " + action + ": HTTP "
                + response.statusCode() + " " + RegistryJson.errorMessage(response.body())
                + " (" + response.request().method() + " " + response.request().uri() + ")",
                response.statusCode(), null);
    }

    private int readId(HttpResponse<String> response, String action) {
        JsonNode id = RegistryJson.parse(response.body()).map(json -> json.path("id")).orElse(null);
        if (id == null || !id.canConvertToInt() || !id.isIntegralNumber()) {
            throw new SchemaRegistryException("Schema registry " + baseUrl + " failed to " + action
                    + ": response has no integer 'id': " + RegistryJson.abbreviate(response.body(), 200),
                    response.statusCode(), null);
        }
        return id.intValue();
    }

    private Schema parseSchema(int id, HttpResponse<String> response, String action) {
        JsonNode json = RegistryJson.parse(response.body()).orElse(null);
        String type = json == null ? "AVRO" : json.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException("Schema registry " + baseUrl + " failed to " + action
                    + ": it is a " + type + " schema, not AVRO", response.statusCode(), null);
        }
        if (json == null || !json.path("schema").isTextual()) {
            throw new SchemaRegistryException("Schema registry " + baseUrl + " failed to " + action
                    + ": response has no string 'schema': " + RegistryJson.abbreviate(response.body(), 200),
                    response.statusCode(), null);
        }
        try {
            return new Schema.Parser().parse(json.path("schema").asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("Schema registry " + baseUrl + " failed to " + action
                    + ": the schema is not valid Avro: " + e.getMessage(), response.statusCode(), e);
        }
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + RegistryUrl.encodePathSegment(subject);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Cache key: a subject and the exact schema registered under it. */
    private record SubjectSchema(String subject, Schema schema) {
        static SubjectSchema of(String subject, Schema schema) {
            if (subject == null || subject.isBlank()) {
                throw new IllegalArgumentException("Invalid subject '" + subject + "': must not be blank");
            }
            return new SubjectSchema(subject, Objects.requireNonNull(schema, "schema"));
        }
    }

    /** Settings for a {@link ConfluentRestSchemaRegistry}; defaults suit a registry on the same network. */
    public static final class Builder {
        private final String url;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private String userInfo;

        private Builder(String url) {
            this.url = url;
        }

        /** How long to wait for a TCP connection; default 5 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** How long to wait for each response; default 10 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /**
         * HTTP basic auth as {@code user:password} (Confluent's {@code basic.auth.user.info}). Overrides
         * credentials given in the URL's user-info part.
         */
        public Builder basicAuth(String userInfo) {
            if (userInfo == null || !userInfo.contains(":")) {
                throw new IllegalArgumentException("Invalid basic auth user info: expected 'user:password'");
            }
            this.userInfo = userInfo;
            return this;
        }

        /** The client; nothing is contacted until the first call. */
        public ConfluentRestSchemaRegistry build() {
            return new ConfluentRestSchemaRegistry(this);
        }

        private static Duration positive(String name, Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("Invalid value " + timeout + " for " + name + ": must be positive");
            }
            return timeout;
        }
    }
}
