package dev.lockstep.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingConfigTest {

    @Test
    void shouldDefaultToExactlyOnceAndTheStandardTopics() {
        StreamingConfig config = StreamingConfig.of(Map.of("bootstrap.servers", "k:9092"), Map.of());

        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(config.topology()).isEqualTo(TopologySettings.defaults());
        assertThat(config.replicationFactor()).isEqualTo(3);
    }

    @Test
    void shouldLetEnvironmentVariablesOverrideTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("streaming.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\nprocessing.guarantee=exactly_once_v2\n");

        StreamingConfig config = StreamingConfig.load(file, Map.of(
                "LOCKSTEP_PROCESSING_GUARANTEE", "at_least_once", "LOCKSTEP_WATERMARK_HEARTBEAT_INTERVAL_MS", "2000",
                "LOCKSTEP_REPLICATION_FACTOR", "1"));

        assertThat(config.bootstrapServers()).isEqualTo("file:9092");
        assertThat(config.processingGuarantee()).isEqualTo("at_least_once");
        assertThat(config.replicationFactor()).isEqualTo(1);
        assertThat(config.topology().heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldReportEveryInvalidSettingWithKeyAndValue() {
        assertThatThrownBy(() -> StreamingConfig.of(Map.of("processing.guarantee", "exactly_once",
                "replication.factor", "zero", "bootstrap.server", "typo:9092"), Map.of()))
                .isInstanceOf(StreamingConfigException.class)
                .hasMessageContaining("Invalid value 'exactly_once' for configuration processing.guarantee")
                .hasMessageContaining("Invalid value 'zero' for configuration replication.factor")
                .hasMessageContaining("Invalid value '' for configuration bootstrap.servers")
                .hasMessageContaining("Unknown configuration bootstrap.server");
    }

    @Test
    void shouldGiveEveryKafkaClientTheSettingsOfTheClientConfigFile(@TempDir Path dir) throws Exception {
        Path client = Files.writeString(dir.resolve("kafka-client.properties"), "security.protocol=SASL_SSL\n"
                + "sasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=x required username=\"u\" password=\"p\";\n");

        StreamingConfig config = StreamingConfig.of(Map.of("bootstrap.servers", "k:9092",
                "kafka.client.config", client.toString(), "redis.uri", "redis://:r3dis-pass@r1:6379",
                "schema.registry.url", "https://sr-user:sr-pass@registry:8081"), Map.of());

        assertThat(config.kafka().clientProperties(Map.of("group.id", "g"))).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("bootstrap.servers", "k:9092")
                .containsEntry("group.id", "g");
        assertThat(config.kafka().toString()).as("no secret in logs").doesNotContain("password")
                .contains("sasl.jaas.config");
        assertThat(config.toString()).doesNotContain("password", "r3dis-pass", "sr-pass")
                .contains("sasl.jaas.config", "r1:6379", "https://***@registry:8081");
        assertThat(StreamingConfig.of(Map.of("bootstrap.servers", "k:9092"), Map.of()).kafka().settings()).isEmpty();
    }

    @Test
    void shouldRejectAClientConfigFileThatCannotBeReadOrSetsTheBootstrapServers(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.properties");
        Path bootstrap = Files.writeString(dir.resolve("bootstrap.properties"), "bootstrap.servers=other:9092\n");

        assertThatThrownBy(() -> StreamingConfig.of(Map.of("bootstrap.servers", "k:9092"),
                Map.of("LOCKSTEP_KAFKA_CLIENT_CONFIG", missing.toString())))
                .isInstanceOf(StreamingConfigException.class)
                .hasMessageContaining("Invalid value '" + missing + "' for configuration kafka.client.config: cannot read it");
        assertThatThrownBy(() -> StreamingConfig.of(Map.of("bootstrap.servers", "k:9092",
                "kafka.client.config", bootstrap.toString()), Map.of()))
                .isInstanceOf(StreamingConfigException.class)
                .hasMessageContaining("it sets bootstrap.servers, which is set once as the configuration bootstrap.servers");
    }

    @Test
    void shouldWaitForReplicasOnAnyRedisWhenTheClientWaitsLongEnough() {
        StreamingConfig waiting = StreamingConfig.of(Map.of("bootstrap.servers", "k:9092",
                "redis.uri", "redis-sentinel://s1:26379#lockstep", "redis.replica.acks", "1"), Map.of());
        assertThat(waiting.service().redisStore().replicaAcks()).isEqualTo(1);
        assertThat(waiting.service().redisStore().replicaAckTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(StreamingConfig.of(Map.of("bootstrap.servers", "k:9092"), Map.of()).service().redisStore()
                .replicaAcks()).isZero();

        StreamingConfig onCluster = StreamingConfig.of(Map.of("bootstrap.servers", "k:9092",
                "redis.uri", "redis-cluster://r1:7000,r2:7000", "redis.replica.acks", "1"), Map.of());
        assertThat(onCluster.service().redisStore().replicaAcks()).as("WAIT per primary").isEqualTo(1);
        assertThatThrownBy(() -> StreamingConfig.of(Map.of("bootstrap.servers", "k:9092", "redis.replica.acks", "1",
                "redis.replica.ack.timeout.ms", "1000"), Map.of()))
                .isInstanceOf(StreamingConfigException.class)
                .hasMessageContaining("must be below the command timeout PT1S");
    }

    @Test
    void shouldTakeAnArrivalRegressionMarginOfZeroButNotANegativeOne() {
        StreamingConfig none = StreamingConfig.of(Map.of("bootstrap.servers", "k:9092",
                "arrival.regression.margin.ms", "0"), Map.of());

        assertThat(none.topology().arrivalRegressionMargin()).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> StreamingConfig.of(Map.of("bootstrap.servers", "k:9092"),
                Map.of("LOCKSTEP_ARRIVAL_REGRESSION_MARGIN_MS", "-1")))
                .isInstanceOf(StreamingConfigException.class)
                .hasMessageContaining("Invalid value '-1' for configuration arrival.regression.margin.ms: must be 0 or "
                        + "a positive integer");
    }

    @Test
    void shouldPassPrefixedKeysToKafkaStreamsButNotLetThemOverrideOwnedSettings() {
        StreamingConfig config = StreamingConfig.of(Map.of("bootstrap.servers", "k:9092",
                "streams.session.timeout.ms", "6000"), Map.of());
        assertThat(config.streamsOverrides()).containsExactly(Map.entry("session.timeout.ms", "6000"));

        assertThatThrownBy(() -> StreamingConfig.of(Map.of("bootstrap.servers", "k:9092",
                "streams.processing.guarantee", "at_least_once"), Map.of()))
                .hasMessageContaining("Invalid configuration streams.processing.guarantee (value 'at_least_once')");
    }

    @Test
    void shouldTakeARedisClusterBySeedNodesAndRejectAUriWithoutScheme() {
        StreamingConfig config = StreamingConfig.of(Map.of("bootstrap.servers", "k:9092",
                "redis.uri", "redis-cluster://r1:7000,r2:7000"), Map.of());
        assertThat(config.service().redisUri()).isEqualTo("redis-cluster://r1:7000,r2:7000");
        assertThat(StreamingConfig.of(Map.of("bootstrap.servers", "k:9092", "redis.uri",
                "redis-sentinel://s1:26379,s2:26379#lockstep"), Map.of()).service().redisUri())
                .as("Sentinel, as operations.md tells every application to use it")
                .isEqualTo("redis-sentinel://s1:26379,s2:26379#lockstep");

        assertThatThrownBy(() -> StreamingConfig.of(Map.of("bootstrap.servers", "k:9092", "redis.uri", "r1:7000"),
                Map.of()))
                .hasMessageContaining("Invalid value 'r1:7000' for configuration redis.uri")
                .hasMessageContaining("redis-cluster://host:port,host:port");
    }
}
