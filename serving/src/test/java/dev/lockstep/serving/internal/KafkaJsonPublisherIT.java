package dev.lockstep.serving.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testing.kafka.EmbeddedKafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Closing a publisher whose broker went away returns within its close timeout, counting what it could not deliver,
 * instead of waiting the two minutes it takes buffered records to expire. A real broker, stopped mid-test.
 */
class KafkaJsonPublisherIT {

    @Test
    void shouldCloseWithinItsTimeoutAndCountTheRecordsItCouldNotDeliverWhenTheBrokerIsGone() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KafkaJsonPublisher publisher;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopic("letters", 1, Map.of());
            publisher = new KafkaJsonPublisher(broker.bootstrapServers(), Map.of(), "letters", "publisher-it", registry,
                    "letters.published");
            publisher.publish("k", Map.of(), HttpReply.MAPPER.createObjectNode().put("n", 0), "letter 0");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sent(registry) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sent(registry)).as("delivered while the broker was up").isEqualTo(1);
        }
        for (int n = 1; n <= 20; n++) {
            publisher.publish("k", Map.of(), HttpReply.MAPPER.createObjectNode().put("n", n), "letter " + n);
        }

        long start = System.nanoTime();
        publisher.close();
        long closedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(closedAfterMillis).as("the close timeout bounds the wait, not delivery.timeout.ms (120 s)")
                .isLessThan(KafkaJsonPublisher.CLOSE_TIMEOUT.toMillis() + 10_000);
        assertThat(registry.counter("letters.published", "outcome", "failed").count())
                .as("every record buffered for the gone broker is counted undelivered").isEqualTo(20);
    }

    private static double sent(SimpleMeterRegistry registry) {
        return registry.counter("letters.published", "outcome", "sent").count();
    }
}
