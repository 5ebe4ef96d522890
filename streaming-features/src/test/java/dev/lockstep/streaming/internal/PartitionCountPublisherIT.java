package dev.lockstep.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.store.StreamingProgress;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each source topic's partition count reaches the online store from a real broker's metadata (read by the
 * caught-up check, which describes the topics anyway), follows partitions added while running, and a
 * topic that cannot be described is named without holding back the others.
 */
class PartitionCountPublisherIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static Admin admin;

    @BeforeAll
    static void connect() {
        KAFKA.broker().createTopic("three", 3, Map.of());
        KAFKA.broker().createTopic("one", 1, Map.of());
        admin = KAFKA.broker().admin();
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    /** The check as the app runs it: it describes the topics and hands their counts to the publisher. */
    private static CaughtUpCheck check(List<String> topics, InMemoryOnlineStore store) {
        return new CaughtUpCheck(admin, "partition-count-app", topics, CLOCK, new CaughtUpPartitions(),
                Duration.ofSeconds(10), Duration.ZERO, new PartitionCountPublisher(store, CLOCK, Map.of("three", List.of("card_txn", "card_velocity"),
                "one", List.of("card_txn"), "missing", List.of("card_txn"))));
    }

    @Test
    void shouldPublishEachTopicsPartitionCountAndFollowAddedPartitions() throws Exception {
        InMemoryOnlineStore store = new InMemoryOnlineStore(List.of(), CLOCK);
        CaughtUpCheck publisher = check(List.of("three", "one"), store);

        publisher.checkNow();
        assertThat(store.streamingProgress("card_txn", "three").partitionCount()).hasValue(3);
        assertThat(store.streamingProgress("card_velocity", "three").partitionCount()).as("each group streamed from it")
                .hasValue(3);
        assertThat(store.streamingProgress("card_txn", "one").partitionCount()).hasValue(1);
        assertThat(store.streamingProgress("card_velocity", "one").partitionCount()).as("not streamed from it").isEmpty();
        assertThat(store.streamingProgress("card_txn", "three").silentPartitions()).as("no task has beaten")
                .containsExactly(0, 1, 2);

        admin.createPartitions(Map.of("three", NewPartitions.increaseTo(5))).all().get();
        publisher.checkNow();
        StreamingProgress grown = store.streamingProgress("card_velocity", "three");
        assertThat(grown.partitionCount()).hasValue(5);
        assertThat(grown.silentPartitions()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void shouldNameATopicItCannotDescribeAndStillPublishTheOthers() {
        InMemoryOnlineStore store = new InMemoryOnlineStore(List.of(), CLOCK);
        CaughtUpCheck publisher = check(List.of("missing", "one"), store);

        assertThatThrownBy(publisher::checkNow).isInstanceOf(ExecutionException.class)
                .hasMessageStartingWith("describing source topic missing: ")
                .hasMessageContaining("UnknownTopicOrPartitionException");
        assertThat(store.streamingProgress("card_txn", "one").partitionCount()).hasValue(1);
        assertThat(store.streamingProgress("card_txn", "missing").partitionCount()).isEmpty();

        publisher.run(); // a failed round is logged, never thrown: the timer must keep running
    }
}
