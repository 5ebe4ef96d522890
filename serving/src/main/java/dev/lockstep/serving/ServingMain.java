package dev.lockstep.serving;

import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.serving.internal.KafkaClientSettings;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.store.RedisStoreConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import org.slf4j.LoggerFactory;

/**
 * Runs the feature server from environment variables (serving/README.md): {@code LOCKSTEP_SPEC},
 * {@code LOCKSTEP_REDIS_URI}, {@code LOCKSTEP_HTTP_PORT}, {@code LOCKSTEP_MAX_ENTITIES},
 * {@code LOCKSTEP_MAX_THREADS}, {@code LOCKSTEP_HEARTBEAT_REUSE_MS}, {@code LOCKSTEP_SHUTDOWN_GRACE_MS}, and optionally
 * {@code LOCKSTEP_KAFKA_BOOTSTRAP} with {@code LOCKSTEP_DLQ_TOPIC} and {@code LOCKSTEP_ALERT_TOPIC} for the
 * dead-letter and staleness alert topics, {@code LOCKSTEP_MODELS_DIR} (with {@code LOCKSTEP_MODEL_POLL_MS},
 * {@code LOCKSTEP_INFERENCE_TIMEOUT_MS}, {@code LOCKSTEP_MODEL_WARMUP_TIMEOUT_MS}) for predictions, {@code LOCKSTEP_HTTPS_KEYSTORE} (with
 * {@code LOCKSTEP_HTTPS_KEYSTORE_PASSWORD}) for HTTPS, {@code LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE} (with
 * {@code LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE_PASSWORD}) to require client certificates, {@code LOCKSTEP_ADMIN_TOKEN} to guard the admin
 * endpoints, {@code LOCKSTEP_API_TOKENS} (comma-separated) and {@code LOCKSTEP_API_GRANTS} (a file of tokens
 * each limited to some services and models, {@link ApiGrant}) to guard the API, {@code LOCKSTEP_KAFKA_CLIENT_CONFIG}
 * (a Kafka client properties file) for a secured Kafka, {@code LOCKSTEP_WARMUP_REQUESTS} (with
 * {@code LOCKSTEP_WARMUP_SECONDS}) to warm up before reporting ready, {@code LOCKSTEP_ACCESS_LOG} ({@code stderr} or a file) for
 * an access log.
 */
public final class ServingMain {

    private static final Logger LOG = LoggerFactory.getLogger(ServingMain.class);
    private static final String CLASSPATH = "classpath:";
    /** About what a fresh JVM needs at full load before its CPU per request stops falling (docs/benchmarks.md). */
    private static final int DEFAULT_WARMUP_SECONDS = 30;

    private ServingMain() {
    }

    /**
     * What the environment asks for; every variable has a default.
     *
     * @param kafkaBootstrap empty when no Kafka is configured: no dead-letter and no alert topic
     */
    public record Settings(String spec, String redisUri, ServingConfig server, Optional<String> kafkaBootstrap,
            String deadLetterTopic, String alertTopic, Optional<ModelConfig> models, Optional<HttpsConfig> https,
            Optional<String> adminToken, List<String> apiTokens, List<ApiGrant> apiGrants,
            Map<String, String> kafkaClient, Optional<String> accessLog, Optional<Warmup> warmup) {

        /** Reads the variables; a bad number fails naming the variable and its value. */
        public static Settings from(Map<String, String> env) {
            ServingConfig server = ServingConfig.defaults(intVar(env, "LOCKSTEP_HTTP_PORT", ServingConfig.DEFAULT_PORT))
                    .withMaxEntities(intVar(env, "LOCKSTEP_MAX_ENTITIES", ServingConfig.DEFAULT_MAX_ENTITIES))
                    .withMaxThreads(intVar(env, "LOCKSTEP_MAX_THREADS", ServingConfig.DEFAULT_MAX_THREADS))
                    .withHeartbeatReuse(Duration.ofMillis(intVar(env, "LOCKSTEP_HEARTBEAT_REUSE_MS",
                            (int) ServingConfig.DEFAULT_HEARTBEAT_REUSE.toMillis())))
                    .withStalenessCheckInterval(Duration.ofMillis(intVar(env, "LOCKSTEP_STALENESS_CHECK_MS",
                            (int) ServingConfig.DEFAULT_STALENESS_CHECK_INTERVAL.toMillis())))
                    .withShutdownGrace(Duration.ofMillis(intVar(env, "LOCKSTEP_SHUTDOWN_GRACE_MS",
                            (int) ServingConfig.DEFAULT_SHUTDOWN_GRACE.toMillis())));
            return new Settings(env.getOrDefault("LOCKSTEP_SPEC", CLASSPATH + "examples/fraud/features.yaml"),
                    env.getOrDefault("LOCKSTEP_REDIS_URI", "redis://127.0.0.1:6379"), server,
                    Optional.ofNullable(env.get("LOCKSTEP_KAFKA_BOOTSTRAP")).filter(v -> !v.isBlank()),
                    env.getOrDefault("LOCKSTEP_DLQ_TOPIC", "lockstep.serving.dead-letters"),
                    env.getOrDefault("LOCKSTEP_ALERT_TOPIC", "lockstep.serving.staleness-alerts"),
                    Optional.ofNullable(env.get("LOCKSTEP_MODELS_DIR")).filter(v -> !v.isBlank())
                            .map(dir -> ModelConfig.defaults(Path.of(dir))
                                    .withPollInterval(Duration.ofMillis(intVar(env, "LOCKSTEP_MODEL_POLL_MS",
                                            (int) ModelConfig.DEFAULT_POLL_INTERVAL.toMillis())))
                                    .withInferenceTimeout(Duration.ofMillis(intVar(env, "LOCKSTEP_INFERENCE_TIMEOUT_MS",
                                            (int) ModelConfig.DEFAULT_INFERENCE_TIMEOUT.toMillis())))
                                    .withWarmUpTimeout(Duration.ofMillis(intVar(env,
                                            "LOCKSTEP_MODEL_WARMUP_TIMEOUT_MS",
                                            (int) ModelConfig.DEFAULT_WARM_UP_TIMEOUT.toMillis())))),
                    https(env),
                    Optional.ofNullable(env.get("LOCKSTEP_ADMIN_TOKEN")).filter(v -> !v.isBlank()),
                    apiTokens(env),
                    Optional.ofNullable(env.get("LOCKSTEP_API_GRANTS")).filter(v -> !v.isBlank())
                            .map(Settings::grants).orElse(List.of()),
                    Optional.ofNullable(env.get("LOCKSTEP_KAFKA_CLIENT_CONFIG")).filter(v -> !v.isBlank())
                            .map(path -> KafkaClientSettings.read(path, "environment variable LOCKSTEP_KAFKA_CLIENT_CONFIG"))
                            .orElse(Map.of()),
                    Optional.ofNullable(env.get("LOCKSTEP_ACCESS_LOG")).filter(v -> !v.isBlank()),
                    warmup(env));
        }

        /**
         * {@code LOCKSTEP_WARMUP_REQUESTS}: a file of requests ({@link Warmup#readJsonLines}) sent for
         * {@code LOCKSTEP_WARMUP_SECONDS} (default 30) before the server reports ready; unset: no warm-up.
         */
        private static Optional<Warmup> warmup(Map<String, String> env) {
            String file = env.get("LOCKSTEP_WARMUP_REQUESTS");
            int seconds = intVar(env, "LOCKSTEP_WARMUP_SECONDS", DEFAULT_WARMUP_SECONDS);
            if (file == null || file.isBlank()) {
                if (env.containsKey("LOCKSTEP_WARMUP_SECONDS")) {
                    throw new IllegalArgumentException("LOCKSTEP_WARMUP_SECONDS is set but LOCKSTEP_WARMUP_REQUESTS, "
                            + "the requests to warm up with, is not");
                }
                return Optional.empty();
            }
            if (seconds < 0) {
                throw new IllegalArgumentException("invalid value '" + seconds + "' for environment variable "
                        + "LOCKSTEP_WARMUP_SECONDS: must be 0 or more");
            }
            try {
                return Optional.of(Warmup.readJsonLines(Path.of(file), Duration.ofSeconds(seconds)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid value '" + file + "' for environment variable "
                        + "LOCKSTEP_WARMUP_REQUESTS: " + e.getMessage(), e);
            }
        }

        /** {@code LOCKSTEP_API_TOKENS}: comma-separated, surrounding spaces ignored; unset or blank: an open API. */
        private static List<String> apiTokens(Map<String, String> env) {
            String value = env.get("LOCKSTEP_API_TOKENS");
            if (value == null || value.isBlank()) {
                return List.of();
            }
            List<String> tokens = Arrays.stream(value.split(",", -1)).map(String::trim).toList();
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.get(i).isEmpty()) {
                    // The value itself is a secret: name the position, never the tokens.
                    throw new IllegalArgumentException("invalid value for environment variable LOCKSTEP_API_TOKENS: "
                            + "token " + (i + 1) + " of " + tokens.size() + " is empty (tokens are separated by commas)");
                }
            }
            return tokens;
        }

        /** {@code LOCKSTEP_API_GRANTS}: a grants file ({@link ApiGrant#readYaml}). */
        private static List<ApiGrant> grants(String file) {
            try {
                return ApiGrant.readYaml(Path.of(file));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid value " + file + " for environment variable "
                        + "LOCKSTEP_API_GRANTS: " + e.getMessage(), e);
            }
        }

        /** Whether the API needs a token: any token or grant configured. */
        public boolean apiGuarded() {
            return !apiTokens.isEmpty() || !apiGrants.isEmpty();
        }

        /** As the record's, with the secrets out: tokens by count, Kafka client settings by key. */
        @Override
        public String toString() {
            return "Settings[spec=" + spec + ", redisUri=" + RedisStoreConfig.redacted(redisUri) + ", server=" + server
                    + ", kafkaBootstrap=" + kafkaBootstrap + ", deadLetterTopic=" + deadLetterTopic + ", alertTopic="
                    + alertTopic + ", models=" + models + ", https=" + https + ", adminToken="
                    + adminToken.map(t -> "***").orElse("none") + ", apiTokens=" + apiTokens.size() + ", apiGrants="
                    + apiGrants.stream().map(ApiGrant::name).toList() + ", kafkaClient="
                    + new java.util.TreeMap<>(kafkaClient).keySet() + ", accessLog=" + accessLog + ", warmup="
                    + warmup.map(w -> w.requests().size() + " request(s) for " + w.duration().toSeconds() + " s")
                    .orElse("none") + "]";
        }

        /**
         * HTTPS when {@code LOCKSTEP_HTTPS_KEYSTORE} names a PKCS12 keystore; its password is required then.
         * Mutual TLS when {@code LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE} names the PKCS12 truststore clients must chain to
         * (with {@code LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE_PASSWORD}); only with HTTPS.
         */
        private static Optional<HttpsConfig> https(Map<String, String> env) {
            String keyStore = env.get("LOCKSTEP_HTTPS_KEYSTORE");
            String clientTrustStore = env.get("LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE");
            boolean clientAuth = clientTrustStore != null && !clientTrustStore.isBlank();
            if (keyStore == null || keyStore.isBlank()) {
                if (clientAuth) {
                    throw new IllegalArgumentException("LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE is set to '" + clientTrustStore
                            + "' but LOCKSTEP_HTTPS_KEYSTORE is not: client certificates need HTTPS");
                }
                return Optional.empty();
            }
            String password = env.get("LOCKSTEP_HTTPS_KEYSTORE_PASSWORD");
            if (password == null) {
                throw new IllegalArgumentException("LOCKSTEP_HTTPS_KEYSTORE is set to '" + keyStore
                        + "' but LOCKSTEP_HTTPS_KEYSTORE_PASSWORD is not set");
            }
            HttpsConfig https;
            try {
                https = new HttpsConfig(Path.of(keyStore), password);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid value '" + keyStore
                        + "' for environment variable LOCKSTEP_HTTPS_KEYSTORE: " + e.getMessage(), e);
            }
            if (!clientAuth) {
                return Optional.of(https);
            }
            String trustStorePassword = env.get("LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE_PASSWORD");
            if (trustStorePassword == null) {
                throw new IllegalArgumentException("LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE is set to '" + clientTrustStore
                        + "' but LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE_PASSWORD is not set");
            }
            try {
                return Optional.of(https.requiringClientCertificates(Path.of(clientTrustStore), trustStorePassword));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid value '" + clientTrustStore
                        + "' for environment variable LOCKSTEP_HTTPS_CLIENT_TRUSTSTORE: " + e.getMessage(), e);
            }
        }

        /** Loads the spec: a file path, or {@code classpath:<resource>}. */
        public FeatureSpec loadSpec() {
            return spec.startsWith(CLASSPATH)
                    ? FeatureSpecLoader.loadResource(spec.substring(CLASSPATH.length()))
                    : FeatureSpecLoader.load(Path.of(spec));
        }

        private static int intVar(Map<String, String> env, String name, int fallback) {
            String value = env.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid value '" + value + "' for environment variable "
                        + name + ": must be an integer", e);
            }
        }
    }

    /**
     * Without arguments: runs the server from the environment. {@code replay-dlq ...}: replays the
     * dead-letter topic ({@link DeadLetterReplay}) and exits with its code.
     */
    public static void main(String[] args) {
        if (args.length > 0) {
            System.exit(commandLine().execute(args));
        }
        serve();
    }

    /** The on-call commands. */
    public static CommandLine commandLine() {
        return new CommandLine(new Commands());
    }

    @Command(name = "serving", mixinStandardHelpOptions = true, subcommands = DeadLetterReplay.class,
            description = "Without arguments, ServingMain runs the server (configured by LOCKSTEP_* variables).")
    static final class Commands {
    }

    private static void serve() {
        Settings settings = Settings.from(System.getenv());
        FeatureSpec spec = settings.loadSpec();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Clock clock = Clock.systemUTC();
        // Started during a Redis outage, serving answers not ready (and 503 store_unavailable) until it connects.
        OnlineStore store = RedisOnlineStore.connectWhenReachable(RedisStoreConfig.of(settings.redisUri()),
                FeatureServer.layoutsFor(spec), clock, registry);
        FeatureServerBuilder builder = FeatureServer.builder(spec, store, registry).config(settings.server())
                .clock(clock);
        Optional<KafkaDeadLetterSink> deadLetters = settings.kafkaBootstrap()
                .map(bootstrap -> KafkaDeadLetterSink.create(bootstrap, settings.kafkaClient(), settings.deadLetterTopic(),
                        registry));
        Optional<KafkaStalenessAlertSink> alerts = settings.kafkaBootstrap()
                .map(bootstrap -> KafkaStalenessAlertSink.create(bootstrap, settings.kafkaClient(), settings.alertTopic(),
                        registry));
        settings.models().ifPresent(builder::models);
        settings.https().ifPresent(builder::https);
        settings.accessLog().ifPresent(builder::accessLog);
        settings.warmup().ifPresent(builder::warmup);
        settings.adminToken().ifPresent(builder::adminToken);
        if (!settings.apiTokens().isEmpty()) {
            builder.apiTokens(settings.apiTokens());
        }
        if (!settings.apiGrants().isEmpty()) {
            builder.apiGrants(settings.apiGrants());
        }
        deadLetters.ifPresent(builder::deadLetters);
        alerts.ifPresent(builder::stalenessAlerts);
        FeatureServer server = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            deadLetters.ifPresent(KafkaDeadLetterSink::close);
            alerts.ifPresent(KafkaStalenessAlertSink::close);
            store.close();
        }, "serving-shutdown"));
        LOG.info("feature server listening on {} (API {}) with spec {}, Redis {}, Kafka topics {}, models {}",
                server.uri(), !settings.apiGuarded() ? "open to anyone who reaches the port"
                        : "for " + settings.apiTokens().size() + " bearer token(s) and grants "
                        + settings.apiGrants().stream().map(ApiGrant::name).toList(), settings.spec(),
                RedisStoreConfig.redacted(settings.redisUri()), settings.kafkaBootstrap()
                        .map(k -> settings.deadLetterTopic() + " and " + settings.alertTopic() + " on " + k)
                        .orElse("off"), settings.models().map(m -> m.root().toString()).orElse("off"));
    }
}
