package dev.lockstep.streaming.internal;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.store.OnlineStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each source topic's partition count to the online store, for every group streamed from it,
 * beside that group's partition heartbeats.
 * A partition whose task never runs (an instance stuck in a rebalance, partitions added to the topic)
 * publishes no heartbeat, and a reader that knows only the heartbeats cannot tell it from a partition
 * that does not exist; with the count, serving sees it and calls the group's age unknown. Fed by
 * {@link CaughtUpCheck}, which describes the topics every heartbeat interval anyway, so a Redis that was
 * flushed or rebuilt gets the counts back.
 */
public final class PartitionCountPublisher implements Consumer<Map<String, Integer>> {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionCountPublisher.class);

    private final OnlineStore store;
    private final Clock clock;
    private final Map<String, List<String>> streamedGroupsByTopic;
    /** Only the checking thread touches it. */
    private boolean failing;

    /** @param sources the application's sources: their streamed groups get the counts of their topics */
    public PartitionCountPublisher(OnlineStore store, Clock clock, List<SourcePlan> sources) {
        this(store, clock, streamedGroupsByTopic(sources));
    }

    PartitionCountPublisher(OnlineStore store, Clock clock, Map<String, List<String>> streamedGroupsByTopic) {
        this.store = store;
        this.clock = clock;
        this.streamedGroupsByTopic = Map.copyOf(streamedGroupsByTopic);
    }

    private static Map<String, List<String>> streamedGroupsByTopic(List<SourcePlan> sources) {
        Map<String, List<String>> byTopic = new LinkedHashMap<>();
        for (SourcePlan source : sources) {
            byTopic.computeIfAbsent(source.source().topic(), t -> new ArrayList<>())
                    .addAll(source.streamedGroups().stream().map(GroupPlan::name).toList());
        }
        return byTopic;
    }

    /** Publishes the counts; a store failure is logged once per streak and the next check tries again. */
    @Override
    public void accept(Map<String, Integer> partitionCounts) {
        try {
            partitionCounts.forEach((topic, count) -> {
                for (String group : streamedGroupsByTopic.getOrDefault(topic, List.of())) {
                    store.publishPartitionCount(group, topic, count, clock.millis());
                }
            });
            if (failing) {
                failing = false;
                LOG.info("partition counts of {} published again", partitionCounts.keySet());
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("could not publish the partition counts of {}; serving keeps the last ones it has: {}",
                        partitionCounts.keySet(), e.toString());
            }
        }
    }
}
