package dev.lockstep.streaming;

import dev.lockstep.features.engine.SourcePlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the app's topics when missing and checks the source topics: arrival is the record timestamp,
 * so a source topic must use {@code message.timestamp.type=LogAppendTime}; an existing CreateTime topic
 * is refused with an error naming it.
 */
public final class TopicSetup {

    private final Admin admin;
    private final StreamingConfig config;

    public TopicSetup(Admin admin, StreamingConfig config) {
        this.admin = admin;
        this.config = config;
    }

    /** Ensures source, dead-letter and tile topics exist, and that every source topic is LogAppendTime. */
    public void ensure(List<SourcePlan> sources) {
        FeatureTopics topics = new FeatureTopics(config.topology());
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (SourcePlan source : sources) {
                String topic = topics.source(source.source()).name();
                if (existing.contains(topic)) {
                    checkLogAppendTime(topic);
                } else {
                    missing.add(newTopic(topic, Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")));
                }
                String deadLetters = topics.deadLetters(source.source()).name();
                if (!existing.contains(deadLetters)) {
                    missing.add(newTopic(deadLetters, Map.of()));
                }
            }
            String tiles = topics.tiles().name();
            if (!existing.contains(tiles)) {
                missing.add(newTopic(tiles, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            Set<String> sourceTopics = new HashSet<>();
            sources.forEach(source -> sourceTopics.add(topics.source(source.source()).name()));
            for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    // Created meanwhile (or not yet in the listing we read): it exists, as wanted, but a
                    // source topic must still be checked.
                    if (sourceTopics.contains(created.getKey())) {
                        checkLogAppendTime(created.getKey());
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new StreamingConfigException("cannot check or create topics on " + config.bootstrapServers() + ": "
                    + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamingConfigException("interrupted while setting up topics", e);
        }
    }

    private NewTopic newTopic(String name, Map<String, String> configs) {
        return new NewTopic(name, config.sourcePartitions(), (short) config.replicationFactor()).configs(configs);
    }

    private void checkLogAppendTime(String topic) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config topicConfig = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        ConfigEntry type = topicConfig.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
        String value = type == null ? "CreateTime (default)" : type.value();
        if (type == null || !"LogAppendTime".equals(type.value())) {
            throw new StreamingConfigException("Invalid value '" + value + "' for " + TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG
                    + " of source topic " + topic + ": must be LogAppendTime, since a record's arrival is its timestamp "
                    + "(docs/semantics.md); fix with kafka-configs --alter --entity-type topics --entity-name " + topic
                    + " --add-config message.timestamp.type=LogAppendTime");
        }
    }
}
