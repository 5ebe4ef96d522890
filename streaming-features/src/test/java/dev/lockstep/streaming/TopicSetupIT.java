package dev.lockstep.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicSetupIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static FeatureSpec specReading(String topic) {
        String yaml = """
                sources:
                  txns:
                    topic: %s
                    schema: classpath:schemas/Transaction.avsc
                    entity_key: card_id
                    event_time: event_time
                    allowed_lateness: 10m
                    max_future_skew: 1m
                feature_groups:
                  g:
                    source: txns
                    freshness: 1m
                    features:
                      - {name: n_10m, agg: count, window: 10m}
                """.formatted(topic);
        return FeatureSpecLoader.load(yaml, Path.of("."), "inline.yaml");
    }

    private static StreamingConfig config() {
        return StreamingConfig.of(Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "replication.factor", "1",
                "source.partitions", "2", "tiles.topic", "setup.tiles"), Map.of());
    }

    @Test
    void shouldRefuseAnExistingSourceTopicWithCreateTimeTimestamps() throws InterruptedException {
        KAFKA.broker().createTopic("createtime.txns", 1, Map.of("message.timestamp.type", "CreateTime"));

        try (Admin admin = KAFKA.broker().admin()) {
            awaitVisible(admin, "createtime.txns");
            assertThatThrownBy(() -> new TopicSetup(admin, config())
                    .ensure(FeatureTopology.streamedSources(specReading("createtime.txns"))))
                    .isInstanceOf(StreamingConfigException.class)
                    .hasMessageContaining("Invalid value 'CreateTime' for message.timestamp.type of source topic createtime.txns")
                    .hasMessageContaining("must be LogAppendTime");
        }
    }

    @Test
    void shouldCreateMissingTopicsWithLogAppendTimeSourcesAndATileTopicKeptAsLongAsTilesAreRead() throws Exception {
        try (Admin admin = KAFKA.broker().admin()) {
            new TopicSetup(admin, config()).ensure(FeatureTopology.streamedSources(specReading("fresh.txns")));
            for (String topic : List.of("fresh.txns", "fresh.txns.dlq", "setup.tiles")) {
                awaitVisible(admin, topic);
            }

            assertThat(admin.listTopics().names().get()).contains("fresh.txns", "fresh.txns.dlq", "setup.tiles");
            assertThat(topicConfig(admin, "fresh.txns").get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
            assertThat(topicConfig(admin, "setup.tiles").get("cleanup.policy").value()).isEqualTo("compact,delete");
            // The group reads 10 minutes on a 5-minute hop: a tile for 15 minutes after its end (window plus a hop);
            // a record is at most a hop and the 1-minute future skew older than its tile's end; plus a day.
            assertThat(topicConfig(admin, "setup.tiles").get("retention.ms").value())
                    .isEqualTo(String.valueOf(Duration.ofMinutes(15 + 5 + 1).plusDays(1).toMillis()));
            assertThat(admin.describeTopics(List.of("fresh.txns")).allTopicNames().get().get("fresh.txns")
                    .partitions()).hasSize(2);
        }
    }

    @Test
    void shouldRefuseAnExistingTileTopicThatDeletesTilesStillRead() throws Exception {
        KAFKA.broker().createTopic("short.tiles", 1, Map.of("cleanup.policy", "compact,delete", "retention.ms", "600000"));
        StreamingConfig config = StreamingConfig.of(Map.of("bootstrap.servers", KAFKA.bootstrapServers(),
                "replication.factor", "1", "source.partitions", "2", "tiles.topic", "short.tiles"), Map.of());

        try (Admin admin = KAFKA.broker().admin()) {
            awaitVisible(admin, "short.tiles");
            assertThatThrownBy(() -> new TopicSetup(admin, config)
                    .ensure(FeatureTopology.streamedSources(specReading("short.txns"))))
                    .isInstanceOf(StreamingConfigException.class)
                    .hasMessageContaining("Invalid value '600000' for retention.ms of tile topic short.tiles")
                    .hasMessageContaining("must be at least " + Duration.ofMinutes(21).plusDays(1).toMillis());
        }
    }

    @Test
    void shouldAcceptAnExistingTileTopicThatOnlyCompacts() throws Exception {
        KAFKA.broker().createTopic("compacted.tiles", 1, Map.of("cleanup.policy", "compact"));
        StreamingConfig config = StreamingConfig.of(Map.of("bootstrap.servers", KAFKA.bootstrapServers(),
                "replication.factor", "1", "source.partitions", "2", "tiles.topic", "compacted.tiles"), Map.of());

        try (Admin admin = KAFKA.broker().admin()) {
            awaitVisible(admin, "compacted.tiles");
            new TopicSetup(admin, config).ensure(FeatureTopology.streamedSources(specReading("compacted.txns")));
            awaitVisible(admin, "compacted.txns");

            assertThat(topicConfig(admin, "compacted.tiles").get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    /** Topic creation returns before every broker view has the topic; wait until its config can be read. */
    private static void awaitVisible(Admin admin, String topic) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                topicConfig(admin, topic);
                return;
            } catch (Exception notYet) {
                Thread.sleep(50); // not visible yet: retry until the deadline, then the test fails below
            }
        }
    }

    private static Config topicConfig(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
