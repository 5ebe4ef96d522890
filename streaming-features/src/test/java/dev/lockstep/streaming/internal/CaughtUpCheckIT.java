package dev.lockstep.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The caught-up rule on a real broker, with the group's committed offsets set by hand: a partition is
 * claimed caught up (as of just before the check) only when the committed offset has reached the end of
 * its log, or the log is empty; a claim never moves back.
 */
class CaughtUpCheckIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String TOPIC = "caught-up-source";
    private static final String GROUP = "caught-up-app";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void connect() {
        KAFKA.broker().createTopic(TOPIC, 2, Map.of("message.timestamp.type", "LogAppendTime"));
        admin = KAFKA.broker().admin();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
        admin.close();
    }

    @Test
    void shouldClaimAPartitionOnlyOnceTheGroupHasCommittedToTheEndOfItsLog() throws Exception {
        produceToPartition0(10);
        CaughtUpPartitions caughtUp = new CaughtUpPartitions();
        CaughtUpCheck check = new CaughtUpCheck(admin, GROUP, List.of(TOPIC), Clock.systemUTC(), caughtUp,
                Duration.ofSeconds(10), Duration.ZERO, counts -> { });

        long before = System.currentTimeMillis();
        assertThat(check.checkNow()).as("only the empty partition 1").isEqualTo(1);
        long after = System.currentTimeMillis();
        assertThat(caughtUp.caughtUpAt(TOPIC, 0)).as("nothing committed yet").isEqualTo(Long.MIN_VALUE);
        assertThat(caughtUp.caughtUpAt(TOPIC, 1)).isBetween(before - 1, after - 1);

        commit(9);
        check.checkNow();
        assertThat(caughtUp.caughtUpAt(TOPIC, 0)).as("one record short of the end").isEqualTo(Long.MIN_VALUE);

        commit(10);
        before = System.currentTimeMillis();
        check.checkNow();
        after = System.currentTimeMillis();
        long claimed = caughtUp.caughtUpAt(TOPIC, 0);
        assertThat(claimed).isBetween(before - 1, after - 1);

        produceToPartition0(1);
        check.checkNow();
        assertThat(caughtUp.caughtUpAt(TOPIC, 0)).as("a new record not yet committed: the claim stays").isEqualTo(claimed);
        caughtUp.record(TOPIC, 0, claimed - 1_000);
        assertThat(caughtUp.caughtUpAt(TOPIC, 0)).as("claims never move back").isEqualTo(claimed);
    }

    @Test
    void shouldClaimAPartitionWhoseRecordsRetentionDeletedBeforeTheGroupCommittedAny() throws Exception {
        String topic = "caught-up-expired";
        KAFKA.broker().createTopic(topic, 1, Map.of("message.timestamp.type", "LogAppendTime"));
        for (int i = 0; i < 5; i++) {
            producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {1})).get();
        }
        CaughtUpPartitions caughtUp = new CaughtUpPartitions();
        CaughtUpCheck check = new CaughtUpCheck(admin, GROUP, List.of(topic), Clock.systemUTC(), caughtUp,
                Duration.ofSeconds(10), Duration.ZERO, counts -> { });
        assertThat(check.checkNow()).as("records left, none committed").isZero();

        admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(5))).all().get();
        long before = System.currentTimeMillis();
        assertThat(check.checkNow()).isEqualTo(1);
        long after = System.currentTimeMillis();

        assertThat(caughtUp.caughtUpAt(topic, 0)).as("nothing left to process: as caught up as an empty log")
                .isBetween(before - 1, after - 1);
    }

    @Test
    void shouldClaimTheClockSkewMarginEarlierSoARecordAFastClockWouldCoverIsNot() throws Exception {
        CaughtUpPartitions caughtUp = new CaughtUpPartitions();
        CaughtUpCheck check = new CaughtUpCheck(admin, GROUP, List.of(TOPIC), Clock.systemUTC(), caughtUp,
                Duration.ofSeconds(10), Duration.ofMillis(1_500), counts -> { });

        long before = System.currentTimeMillis();
        check.checkNow();
        long after = System.currentTimeMillis();

        assertThat(caughtUp.caughtUpAt(TOPIC, 1)).as("the empty partition 1").isBetween(before - 1_501, after - 1_501);
    }

    @Test
    void shouldLeaveTheClaimsAsTheyWereWhenTheTopicCannotBeRead() {
        CaughtUpPartitions caughtUp = new CaughtUpPartitions();
        new CaughtUpCheck(admin, GROUP, List.of("no-such-topic"), Clock.systemUTC(), caughtUp, Duration.ofSeconds(5),
                Duration.ZERO, counts -> { }).run();
        assertThat(caughtUp.caughtUpAt("no-such-topic", 0)).isEqualTo(Long.MIN_VALUE);
    }

    private static void produceToPartition0(int records) throws Exception {
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(TOPIC, 0, null, new byte[] {1})).get();
        }
    }

    private static void commit(long offset) throws Exception {
        admin.alterConsumerGroupOffsets(GROUP, Map.of(P0, new OffsetAndMetadata(offset))).all().get();
    }
}
