package dev.lockstep.streaming;

import dev.lockstep.store.OnlineStoreException;
import dev.lockstep.store.RedisStoreConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The streaming app's settings, from a properties file overridden by environment variables
 * ({@code LOCKSTEP_} + the key upper-cased with dots as underscores, e.g. {@code LOCKSTEP_BOOTSTRAP_SERVERS}).
 * Validated once, all at once: every problem is reported, each naming key, value and reason. Unknown
 * keys are errors, so a typo does not silently fall back to a default. Keys prefixed {@code streams.} are
 * passed to Kafka Streams as they are, minus the prefix (e.g. {@code streams.session.timeout.ms}); they
 * cannot override a setting this config owns. {@code kafka.client.config} names a Kafka client properties
 * file whose settings (security) every Kafka client of the app gets ({@link KafkaConnection}).
 *
 * @param kafkaClient the settings of {@code kafka.client.config}; empty when it is not set
 */
public record StreamingConfig(String applicationId, String bootstrapServers, String processingGuarantee,
                              int replicationFactor, int sourcePartitions, String stateDir,
                              TopologySettings topology, Map<String, String> streamsOverrides,
                              ServiceSettings service, Map<String, String> kafkaClient) {

    /** Kafka Streams settings this config sets itself, which {@code streams.} keys may not override. */
    private static final Set<String> OWNED_STREAMS_KEYS = Set.of("application.id", "bootstrap.servers",
            "processing.guarantee", "replication.factor", "state.dir");

    /** Prefix of keys passed through to Kafka Streams. */
    public static final String STREAMS_PREFIX = "streams.";

    public StreamingConfig {
        streamsOverrides = Map.copyOf(streamsOverrides);
        kafkaClient = Map.copyOf(kafkaClient);
    }

    /** As the record's, but the Kafka client settings by key only: their values hold secrets ({@code sasl.jaas.config}). */
    @Override
    public String toString() {
        return "StreamingConfig[applicationId=" + applicationId + ", bootstrapServers=" + bootstrapServers
                + ", processingGuarantee=" + processingGuarantee + ", replicationFactor=" + replicationFactor
                + ", sourcePartitions=" + sourcePartitions + ", stateDir=" + stateDir + ", topology=" + topology
                + ", streamsOverrides=" + streamsOverrides + ", service=" + service + ", kafkaClient="
                + new TreeMap<>(kafkaClient).keySet() + "]";
    }

    /** How the app's Kafka clients connect: the bootstrap servers with the client settings. */
    public KafkaConnection kafka() {
        return new KafkaConnection(bootstrapServers, kafkaClient);
    }

    public static final String EXACTLY_ONCE_V2 = "exactly_once_v2";
    public static final String AT_LEAST_ONCE = "at_least_once";

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("application.id", "lockstep-streaming"),
            Map.entry("bootstrap.servers", ""),
            Map.entry("kafka.client.config", ""),
            Map.entry("processing.guarantee", EXACTLY_ONCE_V2),
            Map.entry("replication.factor", "3"),
            Map.entry("source.partitions", "6"),
            Map.entry("state.dir", System.getProperty("java.io.tmpdir") + "/lockstep-streams"),
            Map.entry("tiles.topic", TopologySettings.DEFAULT_TILES_TOPIC),
            Map.entry("dlq.suffix", ".dlq"),
            Map.entry("store.batch.size", String.valueOf(TopologySettings.DEFAULT_STORE_BATCH_SIZE)),
            Map.entry("tile.cache.max.bytes", String.valueOf(TopologySettings.DEFAULT_TILE_CACHE_MAX_BYTES)),
            Map.entry("watermark.heartbeat.interval.ms", "5000"),
            Map.entry("purge.interval.ms", "5000"),
            Map.entry("arrival.regression.margin.ms",
                    String.valueOf(TopologySettings.DEFAULT_ARRIVAL_REGRESSION_MARGIN.toMillis())),
            Map.entry("clock.skew.margin.ms", String.valueOf(TopologySettings.DEFAULT_CLOCK_SKEW_MARGIN.toMillis())),
            Map.entry("store.retry.timeout.ms", "5000"),
            Map.entry("spec.file", ""),
            Map.entry("schema.registry.url", ""),
            Map.entry("redis.uri", "redis://localhost:6379"),
            Map.entry("redis.replica.acks", "0"),
            Map.entry("redis.replica.ack.timeout.ms", String.valueOf(RedisStoreConfig.DEFAULT_REPLICA_ACK_TIMEOUT.toMillis())),
            Map.entry("metrics.port", "9400"));

    /** The keys this config understands. */
    public static Set<String> keys() {
        return DEFAULTS.keySet();
    }

    /** Reads a properties file, then applies {@code LOCKSTEP_*} overrides from {@code env}. */
    public static StreamingConfig load(Path file, Map<String, String> env) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new StreamingConfigException("cannot read streaming config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        props.stringPropertyNames().forEach(key -> values.put(key, props.getProperty(key)));
        return of(values, env);
    }

    /** Builds from explicit values (keys as in the properties file) and environment overrides. */
    public static StreamingConfig of(Map<String, String> values, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<String, String> merged = new TreeMap<>(DEFAULTS);
        Map<String, String> overrides = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(STREAMS_PREFIX)) {
                String streamsKey = key.substring(STREAMS_PREFIX.length());
                if (OWNED_STREAMS_KEYS.contains(streamsKey)) {
                    problems.add("Invalid configuration " + key + " (value '" + value + "'): set " + streamsKey
                            + " directly, it is validated and owned by this config");
                }
                overrides.put(streamsKey, value.trim());
                return;
            }
            if (!DEFAULTS.containsKey(key)) {
                problems.add("Unknown configuration " + key + " (value '" + value + "'); known: " + new TreeMap<>(DEFAULTS).keySet());
            }
            merged.put(key, value.trim());
        });
        for (String key : DEFAULTS.keySet()) {
            String override = env.get(envName(key));
            if (override != null) {
                merged.put(key, override.trim());
            }
        }
        Parser parser = new Parser(merged, problems);
        String bootstrap = parser.require("bootstrap.servers", v -> v.isEmpty() ? "must be set (host:port,...)" : null);
        String guarantee = parser.require("processing.guarantee", v -> v.equals(EXACTLY_ONCE_V2) || v.equals(AT_LEAST_ONCE)
                ? null : "must be " + EXACTLY_ONCE_V2 + " or " + AT_LEAST_ONCE);
        String applicationId = parser.require("application.id", v -> v.matches("[A-Za-z0-9._-]+") ? null
                : "must be letters, digits, '.', '_' or '-'");
        int replication = parser.positiveInt("replication.factor");
        int partitions = parser.positiveInt("source.partitions");
        int batch = parser.positiveInt("store.batch.size");
        long heartbeat = parser.positiveInt("watermark.heartbeat.interval.ms");
        long purge = parser.positiveInt("purge.interval.ms");
        long regressionMargin = parser.nonNegativeLong("arrival.regression.margin.ms");
        long clockSkewMargin = parser.nonNegativeLong("clock.skew.margin.ms");
        long retry = parser.positiveInt("store.retry.timeout.ms");
        long tileCache = parser.positiveLong("tile.cache.max.bytes");
        String tiles = parser.require("tiles.topic", v -> v.isEmpty() ? "must not be empty" : null);
        String suffix = parser.require("dlq.suffix", v -> v.isEmpty() ? "must not be empty" : null);
        String stateDir = parser.require("state.dir", v -> v.isEmpty() ? "must not be empty" : null);
        String redisUri = parser.require("redis.uri", v -> v.matches("rediss?(-cluster|-sentinel)?://.+") ? null
                : "must be redis://host:port, rediss://host:port, a Redis Cluster's seeds as"
                        + " redis-cluster://host:port,host:port (rediss-cluster:// with TLS), or Sentinels as"
                        + " redis-sentinel://host:port,host:port#master");
        int metricsPort = parser.port("metrics.port");
        long replicaAcks = parser.nonNegativeLong("redis.replica.acks");
        long replicaAckTimeout = parser.positiveInt("redis.replica.ack.timeout.ms");
        ServiceSettings service = new ServiceSettings(merged.get("spec.file"), merged.get("schema.registry.url"), redisUri,
                metricsPort, (int) Math.min(replicaAcks, Integer.MAX_VALUE), Duration.ofMillis(replicaAckTimeout));
        if (problems.isEmpty()) {
            try {
                service.redisStore();
            } catch (OnlineStoreException e) {
                problems.add("Invalid redis.replica.acks " + replicaAcks + " / redis.replica.ack.timeout.ms "
                        + replicaAckTimeout + " for redis.uri " + RedisStoreConfig.redacted(redisUri) + ": " + e.getMessage());
            }
        }
        Map<String, String> kafkaClient = kafkaClientSettings(merged.get("kafka.client.config"), problems);
        if (!problems.isEmpty()) {
            throw new StreamingConfigException("Invalid streaming configuration:\n  " + String.join("\n  ", problems));
        }
        return new StreamingConfig(applicationId, bootstrap, guarantee, replication, partitions, stateDir,
                new TopologySettings(tiles, suffix, batch, Duration.ofMillis(heartbeat), Duration.ofMillis(purge),
                        Duration.ofMillis(retry), tileCache, Duration.ofMillis(regressionMargin),
                        Duration.ofMillis(clockSkewMargin)), overrides,
                service, kafkaClient);
    }

    /** The settings of the Kafka client properties file at {@code path}; none for an empty path. */
    private static Map<String, String> kafkaClientSettings(String path, List<String> problems) {
        if (path == null || path.isEmpty()) {
            return Map.of();
        }
        try {
            Map<String, String> settings = KafkaConnection.readSettings(Path.of(path));
            if (settings.containsKey("bootstrap.servers")) {
                problems.add("Invalid Kafka client config '" + path + "' (configuration kafka.client.config): it sets "
                        + "bootstrap.servers, which is set once as the configuration bootstrap.servers");
            }
            return settings;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            problems.add("Invalid value '" + path + "' for configuration kafka.client.config: cannot read it as a Kafka "
                    + "client properties file (" + e + ")");
            return Map.of();
        }
    }

    /** The environment variable that overrides a key. */
    public static String envName(String key) {
        return "LOCKSTEP_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private record Parser(Map<String, String> values, List<String> problems) {

        String require(String key, Function<String, String> check) {
            String value = values.get(key);
            String problem = check.apply(value);
            if (problem != null) {
                problems.add("Invalid value '" + value + "' for configuration " + key + ": " + problem);
            }
            return value;
        }

        long nonNegativeLong(String key) {
            String value = values.get(key);
            try {
                long parsed = Long.parseLong(value);
                if (parsed >= 0) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below, with key and value
            }
            problems.add("Invalid value '" + value + "' for configuration " + key + ": must be 0 or a positive integer");
            return 0;
        }

        long positiveLong(String key) {
            String value = values.get(key);
            try {
                long parsed = Long.parseLong(value);
                if (parsed >= 1) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below, with key and value
            }
            problems.add("Invalid value '" + value + "' for configuration " + key + ": must be a positive integer");
            return 1;
        }

        int positiveInt(String key) {
            String value = values.get(key);
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= 1) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below, with key and value
            }
            problems.add("Invalid value '" + value + "' for configuration " + key + ": must be a positive integer");
            return 1;
        }

        int port(String key) {
            String value = values.get(key);
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= 0 && parsed <= 65_535) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below, with key and value
            }
            problems.add("Invalid value '" + value + "' for configuration " + key + ": must be a port, 0 to 65535");
            return 0;
        }
    }
}
