package dev.lockstep.serving;

import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.store.RedisStoreConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the feature server from environment variables (serving/README.md): {@code LOCKSTEP_SPEC},
 * {@code LOCKSTEP_REDIS_URI}, {@code LOCKSTEP_HTTP_PORT}, {@code LOCKSTEP_MAX_ENTITIES}, and optionally
 * {@code LOCKSTEP_KAFKA_BOOTSTRAP} with {@code LOCKSTEP_DLQ_TOPIC} for the dead-letter topic.
 */
public final class ServingMain {

    private static final Logger LOG = LoggerFactory.getLogger(ServingMain.class);
    private static final String CLASSPATH = "classpath:";

    private ServingMain() {
    }

    /**
     * What the environment asks for; every variable has a default.
     *
     * @param kafkaBootstrap empty when no dead-letter topic is configured
     */
    public record Settings(String spec, String redisUri, ServingConfig server, Optional<String> kafkaBootstrap,
            String deadLetterTopic) {

        /** Reads the variables; a bad number fails naming the variable and its value. */
        public static Settings from(Map<String, String> env) {
            ServingConfig server = ServingConfig.defaults(intVar(env, "LOCKSTEP_HTTP_PORT", ServingConfig.DEFAULT_PORT))
                    .withMaxEntities(intVar(env, "LOCKSTEP_MAX_ENTITIES", ServingConfig.DEFAULT_MAX_ENTITIES));
            return new Settings(env.getOrDefault("LOCKSTEP_SPEC", CLASSPATH + "examples/fraud/features.yaml"),
                    env.getOrDefault("LOCKSTEP_REDIS_URI", "redis://127.0.0.1:6379"), server,
                    Optional.ofNullable(env.get("LOCKSTEP_KAFKA_BOOTSTRAP")).filter(v -> !v.isBlank()),
                    env.getOrDefault("LOCKSTEP_DLQ_TOPIC", "lockstep.serving.dead-letters"));
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

    public static void main(String[] args) {
        Settings settings = Settings.from(System.getenv());
        FeatureSpec spec = settings.loadSpec();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Clock clock = Clock.systemUTC();
        RedisOnlineStore store = RedisOnlineStore.connect(RedisStoreConfig.of(settings.redisUri()),
                FeatureServer.layoutsFor(spec), clock, registry);
        Optional<KafkaDeadLetterSink> kafka = settings.kafkaBootstrap()
                .map(bootstrap -> KafkaDeadLetterSink.create(bootstrap, settings.deadLetterTopic(), registry));
        DeadLetterSink deadLetters = kafka.<DeadLetterSink>map(sink -> sink).orElse(DeadLetterSink.none());
        FeatureServer server = FeatureServer.start(settings.server(), spec, store, clock, registry, deadLetters);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            kafka.ifPresent(KafkaDeadLetterSink::close);
            store.close();
        }, "serving-shutdown"));
        LOG.info("feature server listening on port {} with spec {}, Redis {}, dead letters {}", server.port(),
                settings.spec(), settings.redisUri(),
                kafka.isPresent() ? settings.deadLetterTopic() + " on " + settings.kafkaBootstrap().get() : "off");
    }
}
