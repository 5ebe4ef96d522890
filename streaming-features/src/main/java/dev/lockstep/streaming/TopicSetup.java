package dev.lockstep.streaming;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import java.time.Duration;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the app's topics when missing and checks the source topics: arrival is the record timestamp,
 * so a source topic must use {@code message.timestamp.type=LogAppendTime}; an existing CreateTime topic
 * is refused with an error naming it. The tile topic is compacted and also deletes records older than
 * {@link #tileRetention}, so it holds what a rebuild of Redis needs and no more.
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

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
            long retentionMillis = tileRetention(sources).toMillis();
            if (existing.contains(tiles)) {
                checkTileTopic(tiles, retentionMillis);
            } else {
                missing.add(newTopic(tiles, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retentionMillis))));
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

    /**
     * How long the tile topic must keep a record for a rebuild: until no read can use its tile. A record's
     * timestamp (its last event's arrival) is at least the tile's start minus the source's future skew, and
     * the tile is read until its end plus {@link GroupPlan#retentionByHop}; plus a day, so a rebuild after a
     * day's outage still finds every tile Redis would hold. Over the streamed groups only: no other group's
     * tiles go to the topic. Older records only grew the topic: compaction alone keeps every tile ever written.
     */
    public static Duration tileRetention(List<SourcePlan> sources) {
        Duration longest = Duration.ZERO;
        for (SourcePlan source : sources) {
            for (GroupPlan group : source.streamedGroups()) { // a batch-only group's tiles never go to the topic
                for (Map.Entry<Long, Duration> hop : group.retentionByHop().entrySet()) {
                    Duration needed = hop.getValue().plusMillis(hop.getKey()).plus(source.source().maxFutureSkew());
                    longest = needed.compareTo(longest) > 0 ? needed : longest;
                }
            }
        }
        return longest.plus(Duration.ofDays(1));
    }

    /**
     * An existing tile topic: too short a retention would make a rebuild miss tiles still read (an error);
     * compaction alone keeps every tile ever written, which is correct but grows without end (a warning).
     */
    private void checkTileTopic(String topic, long retentionMillis) throws ExecutionException, InterruptedException {
        Config topicConfig = describe(topic);
        ConfigEntry policy = topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        String fix = "kafka-configs --alter --entity-type topics --entity-name " + topic + " --add-config "
                + TopicConfig.CLEANUP_POLICY_CONFIG + "=[compact,delete]," + TopicConfig.RETENTION_MS_CONFIG + "=" + retentionMillis;
        if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
            LOG.warn("tile topic {} has {}={}: it keeps every tile ever written and a rebuild reads them all; "
                    + "tiles are read for at most {} ms: {}", topic, TopicConfig.CLEANUP_POLICY_CONFIG,
                    policy == null ? "(default)" : policy.value(), retentionMillis, fix);
            return;
        }
        ConfigEntry retention = topicConfig.get(TopicConfig.RETENTION_MS_CONFIG);
        long configured = retention == null ? -1 : Long.parseLong(retention.value());
        if (configured >= 0 && configured < retentionMillis) {
            throw new StreamingConfigException("Invalid value '" + configured + "' for " + TopicConfig.RETENTION_MS_CONFIG
                    + " of tile topic " + topic + ": must be at least " + retentionMillis + " ms, how long the spec's "
                    + "groups read a tile plus a day, or a rebuild of Redis from it would miss tiles still read; fix with "
                    + fix);
        }
    }

    private Config describe(String topic) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    private NewTopic newTopic(String name, Map<String, String> configs) {
        return new NewTopic(name, config.sourcePartitions(), (short) config.replicationFactor()).configs(configs);
    }

    private void checkLogAppendTime(String topic) throws ExecutionException, InterruptedException {
        Config topicConfig = describe(topic);
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
