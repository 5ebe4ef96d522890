package dev.lockstep.streaming.internal;

import dev.lockstep.store.OnlineStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each source topic's partition count to the online store, beside the partitions' heartbeats.
 * A partition whose task never runs (an instance stuck in a rebalance, partitions added to the topic)
 * publishes no heartbeat, and a reader that knows only the heartbeats cannot tell it from a partition
 * that does not exist; with the count, serving sees it and calls the group's age unknown. Published
 * every heartbeat interval, so a Redis that was flushed or rebuilt gets it back.
 */
public final class PartitionCountPublisher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionCountPublisher.class);

    private final Admin admin;
    private final List<String> topics;
    private final OnlineStore store;
    private final Clock clock;
    private final Duration timeout;
    /** Only the publishing thread touches it. */
    private boolean failing;

    public PartitionCountPublisher(Admin admin, List<String> topics, OnlineStore store, Clock clock,
                                   Duration timeout) {
        this.admin = admin;
        this.topics = List.copyOf(topics);
        this.store = store;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** One round; a failure is logged once per streak, and the next round tries again. */
    @Override
    public void run() {
        try {
            publishNow();
            if (failing) {
                failing = false;
                LOG.info("partition counts of {} published again", topics);
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("could not publish the partition counts of {}; serving keeps the last ones it has: {}",
                        topics, e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Describes every source topic and publishes its count; a topic that cannot be described leaves the
     * others published and fails the round, naming it.
     */
    void publishNow() throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics).topicNameValues();
        ExecutionException firstFailure = null;
        for (String topic : topics) {
            TopicDescription description;
            try {
                description = described.get(topic).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                firstFailure = firstFailure != null ? firstFailure
                        : new ExecutionException("describing source topic " + topic + ": " + e.getCause(), e.getCause());
                continue;
            }
            store.publishPartitionCount(topic, description.partitions().size(), clock.millis());
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
    }
}
